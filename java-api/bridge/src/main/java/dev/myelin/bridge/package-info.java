/**
 * Myelin and CPython in one process: {@link dev.myelin.bridge.PythonInterpreter} hosts Python
 * through Jep, and tensors cross as numpy arrays over the same memory.
 */
package dev.myelin.bridge;
