package dev.myelin.examples;

/** A runnable example program listed by {@code bin/myelin example --list}. */
public interface Example {
  /** The name used on the command line, e.g. {@code quickstart}. */
  String name();

  /** One line saying what the example shows. */
  String description();

  /** Runs the example, printing to standard output. */
  void run(String[] args) throws Exception;
}
