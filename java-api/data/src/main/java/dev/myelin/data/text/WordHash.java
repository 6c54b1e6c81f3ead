package dev.myelin.data.text;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A hash of one word as a non-negative or negative integer, for {@link
 * TextPreprocessing#hashingTrick}: Keras reduces it with Python's modulo to {@code hash % (n - 1) +
 * 1}.
 */
@FunctionalInterface
public interface WordHash {
  /**
   * Keras's {@code hash_function='md5'}: the MD5 digest of the UTF-8 word as an unsigned integer.
   */
  WordHash MD5 =
      word -> {
        try {
          byte[] d = MessageDigest.getInstance("MD5").digest(word.getBytes(StandardCharsets.UTF_8));
          return new BigInteger(1, d);
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("MD5 is required of every JVM", e);
        }
      };

  /**
   * Python's built-in {@code hash(str)} with hash randomisation off ({@code PYTHONHASHSEED=0},
   * CPython 3.11+: SipHash-1-3 with a zero key over the string's PEP 393 storage). Keras's {@code
   * one_hot} uses the built-in hash, which is only reproducible under that setting.
   */
  WordHash PYTHON_HASHSEED_0 = word -> BigInteger.valueOf(PythonStringHash.hash(word));

  /** The hash of {@code word}. */
  BigInteger hash(String word);
}
