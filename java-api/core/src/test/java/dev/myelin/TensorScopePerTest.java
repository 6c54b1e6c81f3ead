package dev.myelin;

import dev.myelin.models.Models;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test of a class {@code @ExtendWith(TensorScopePerTest.class)} its own {@link
 * TensorScope} and the default (Keras 3) naming conventions, and closes the scope after the test,
 * so that no test leaks tensors or a convention switch into the next.
 */
public final class TensorScopePerTest implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(TensorScopePerTest.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    Models.useKeras2Conventions(false);
    context.getStore(NS).put("scope", new TensorScope());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // Closed before the convention reset so tensors made under a test's conventions die with it.
    context.getStore(NS).remove("scope", TensorScope.class).close();
    Models.useKeras2Conventions(false);
  }
}
