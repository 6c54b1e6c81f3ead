/** Jep start-up details of the bridge; not part of the public API. */
package dev.myelin.bridge.internal;
