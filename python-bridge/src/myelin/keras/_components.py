"""The Keras component modules (``initializers``, ``regularizers``, ``constraints``, ``losses``,
``metrics``, ``optimizers``, ``callbacks``) made from the Java component registry
(``dev.myelin.saving.Registry``), with no hand-kept list: each registered component becomes a class
under its Keras class name (and its class-like aliases) whose constructor builds the Java object
through the component's registered ``fromConfig`` factory, so the keywords are the component's
Keras config keys (``RandomNormal(mean=0.0, stddev=0.05, seed=1)``, ``L2(l2=0.01)``,
``SGD(learning_rate=0.1, momentum=0.9)``). Positional arguments bind, in order, to the parameter
names of the Java constructor with the most parameters, which follow Keras's order
(``L2(0.01)``, ``MaxNorm(3)``, ``SGD(0.1)``).

A module asks for its classes on first attribute access (``__getattr__``), not at import: building
them initializes every class of the kind's Java package."""

import os

import jpype

from .._errors import java_errors
from ._convert import snake

# Keywords every component of a kind takes besides its config keys (Keras's ``name``; the learning
# rate of every optimizer, which the base class reads).
_COMMON = {"LOSS": ("name", "reduction"), "METRIC": ("name", "dtype"),
           "OPTIMIZER": ("name", "learning_rate"), "INITIALIZER": (), "REGULARIZER": (),
           "CONSTRAINT": (), "CALLBACK": ()}


def config_value(value):
    """A Python value as a Java config value (what ``getConfig`` maps hold)."""
    if hasattr(value, "_java"):
        return value._java
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, bool):
        return jpype.JClass("java.lang.Boolean")(value)
    if isinstance(value, int):
        return jpype.JClass("java.lang.Long")(value)
    if isinstance(value, float):
        return jpype.JClass("java.lang.Double")(value)
    if isinstance(value, str):
        return jpype.JString(value)
    if isinstance(value, (list, tuple)):
        items = jpype.JClass("java.util.ArrayList")()
        for v in value:
            items.add(config_value(v))
        return items
    if isinstance(value, dict):
        return config_map(value)
    if type(value).__module__ == "numpy":
        return config_value(value.item())
    return value


def config_map(config):
    """A ``java.util.LinkedHashMap`` of the non-None entries of ``config``."""
    m = jpype.JClass("java.util.LinkedHashMap")()
    for k, v in config.items():
        if v is not None:
            m.put(jpype.JString(str(k)), config_value(v))
    return m


def positional_names(jtype):
    """Keras-spelled parameter names of the public constructor of ``jtype`` with the most
    parameters (the order Keras's positional arguments take)."""
    ctors = sorted(jtype.getConstructors(), key=lambda c: -c.getParameterCount())
    return [snake(str(p.getName())) for p in ctors[0].getParameters()] if ctors else []


def keywords(entry):
    """The keyword arguments a registered component takes: its config keys, its constructors'
    parameter names and its kind's common keywords."""
    names = [str(k) for k in entry.configKeys()]
    for c in entry.type().getConstructors():
        names += [snake(str(p.getName())) for p in c.getParameters()]
    names += _COMMON[str(entry.kind().name())]
    return tuple(dict.fromkeys(names))


class Component:
    """Base of the registry-made classes; ``_java`` is the Java component."""

    _kind = None
    _class_name = None

    @java_errors
    def __init__(self, *args, **kwargs):
        registry = jpype.JClass("dev.myelin.saving.Registry")
        kind = getattr(registry.Kind, self._kind)
        entry = registry.find(kind, jpype.JString(self._class_name), None)
        owner = type(self).__name__
        names = positional_names(entry.type())
        if len(args) > len(names):
            raise TypeError(f"{owner}: takes at most {len(names)} positional arguments "
                            f"({', '.join(names)}) but {len(args)} were given")
        config = dict(zip(names, args))
        twice = sorted(set(config) & set(kwargs))
        if twice:
            raise TypeError(f"{owner}: got multiple values for argument(s) {twice}")
        config.update(kwargs)
        allowed = keywords(entry)
        unknown = sorted(set(config) - set(allowed))
        if unknown:
            raise TypeError(f"Unrecognized keyword arguments passed to {owner}: {unknown} "
                            f"(it takes {', '.join(allowed) or 'none'})")
        self._java = registry.create(entry, jpype.JString(self._class_name), config_map(config), None)

    @classmethod
    def _wrap(cls, java):
        obj = cls.__new__(cls)
        obj._java = java
        return obj

    def get_config(self):
        """The Java component's Keras config (``getConfig()``), as a dict."""
        import json

        config = self._java.getConfig()
        return json.loads(str(jpype.JClass("dev.myelin.saving.internal.Configs").toJson(config)))

    def __repr__(self):
        return f"<{type(self).__name__}>"


def define(kind, base, module_globals, skip=(), lowercase_aliases=False):
    """Adds to ``module_globals`` a subclass of ``base`` for every built-in ``kind`` component of
    the registry (not in ``skip``), under its class name and its class-like aliases (lowercase ones
    too with ``lowercase_aliases``, as Keras's ``initializers.he_normal``); returns the names."""
    registry = jpype.JClass("dev.myelin.saving.Registry")
    defined = []
    for entry in registry.entries(getattr(registry.Kind, kind)):
        name = entry.className()
        if name is None or not entry.builtIn() or str(name) in skip:
            continue
        name = str(name)
        cls = module_globals.get(name)
        if cls is None:
            doc = (f"Keras's ``{name}`` over ``{entry.type().getName()}``; keywords: "
                   f"{', '.join(keywords(entry)) or 'none'}.")
            cls = type(name, (base,), {"_kind": kind, "_class_name": name, "__doc__": doc,
                                       "__module__": module_globals["__name__"]})
            module_globals[name] = cls
        for alias in entry.names():
            alias = str(alias)
            if alias.isidentifier() and (alias[:1].isupper() or lowercase_aliases):
                module_globals.setdefault(alias, cls)
        defined.append(name)
    return defined


def lazy_module(kind, base, module_globals, skip=(), lowercase_aliases=False):
    """``(__getattr__, __dir__)`` for a module whose component classes are made on first use."""
    state = {}

    def ensure():
        if "done" not in state:
            state["done"] = define(kind, base, module_globals, skip, lowercase_aliases)

    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(name)
        ensure()
        if name in module_globals:
            return module_globals[name]
        raise AttributeError(f"module {module_globals['__name__']!r} has no attribute {name!r}")

    def __dir__():
        ensure()
        return sorted(module_globals)

    return __getattr__, __dir__
