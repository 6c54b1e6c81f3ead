"""Python values -> Java arguments: arrays, shapes, keyword arguments -> fluent setters."""

import jpype
import numpy as np

from .. import _frames, _tensor


def shape_array(shape):
    if isinstance(shape, int):
        shape = (shape,)
    return jpype.JArray(jpype.JLong)([-1 if d is None else int(d) for d in shape])


def as_array(x, what):
    """numpy view of x: ndarray as is, pandas Series/DataFrame through numpy (used when pyarrow or
    the bridge jar is missing; ``as_tensor`` sends pandas through Arrow otherwise: a multi-column
    frame costs one copy into row-major order either way), pyarrow arrays zero-copy and
    Tables/RecordBatches as a (rows, columns) matrix."""
    if type(x).__module__.startswith("pyarrow"):
        x = _tensor.arrow_table_to_numpy(x) if _tensor._is_table(x) else _tensor.to_numpy(_tensor.from_arrow(x))
    elif _frames.is_pandas(x):
        # Numeric and boolean columns of mixed types would come out as dtype object: check them
        # (naming a non-numeric column) and take them as float32.
        frame = x.to_frame() if hasattr(x, "to_frame") else x
        _frames.check_columns(frame, what)
        x = x.to_numpy(dtype=np.float32)
    elif hasattr(x, "to_numpy") and not isinstance(x, np.ndarray):
        x = x.to_numpy()
    x = np.asarray(x)
    if x.dtype == np.dtype(object):
        raise TypeError(
            f"myelin: {what} has dtype object (mixed or string columns?); convert it to numbers first")
    if x.dtype.kind == "b":
        x = x.astype(np.float32)
    if not x.flags.c_contiguous:
        x = np.ascontiguousarray(x)
    return x


def as_tensor(x, what):
    if x is None:
        return None
    if isinstance(x, jpype.JClass("dev.myelin.Tensor")):
        return x
    if _frames.is_pandas(x) and _frames.available():
        return _frames.from_pandas(x, what)
    return _tensor.from_numpy(as_array(x, what))


def as_tensors(x, what):
    """(java Tensor[] or single Tensor, keep-alive list)."""
    if isinstance(x, dict):
        raise TypeError(f"myelin: {what} as a dict is not supported; pass a list in input order")
    if isinstance(x, (list, tuple)) and x and not np.isscalar(x[0]) and hasattr(x[0], "__len__") \
            and not isinstance(x[0], (list, tuple)):
        return jpype.JArray(jpype.JClass("dev.myelin.Tensor"))([as_tensor(a, what) for a in x])
    return as_tensor(x, what)


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def snake(name):
    """``kernelSize`` -> ``kernel_size`` (a Java parameter name as Keras spells it)."""
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


class _NoMatch(Exception):
    """A Python value that cannot become the Java type asked for."""


_INTEGRAL = {"long": "JLong", "int": "JInt", "short": "JShort", "byte": "JByte"}
_FLOATING = {"double": "JDouble", "float": "JFloat"}
_BOXED = {"java.lang.Long": "long", "java.lang.Integer": "int", "java.lang.Double": "double",
          "java.lang.Float": "float", "java.lang.Boolean": "boolean"}


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _primitive(value, prim):
    if prim == "boolean":
        if isinstance(value, (bool, np.bool_)):
            return jpype.JBoolean(bool(value))
    elif prim in _INTEGRAL:
        if _is_int(value):
            return getattr(jpype, _INTEGRAL[prim])(int(value))
    elif prim in _FLOATING:
        if _is_int(value) or isinstance(value, (float, np.floating)):
            return getattr(jpype, _FLOATING[prim])(float(value))
    raise _NoMatch


def _named_component(value, jtype):
    """The component a name stands for (``"he_normal"`` for an Initializer): the type's static
    ``get(String)``, which raises the registry's error for an unknown name."""
    modifier = jpype.JClass("java.lang.reflect.Modifier")
    for m in jtype.getMethods():
        types = m.getParameterTypes()
        if (str(m.getName()) == "get" and modifier.isStatic(m.getModifiers()) and len(types) == 1
                and str(types[0].getName()) == "java.lang.String"
                and jtype.isAssignableFrom(m.getReturnType())):
            return jpype.JClass(str(jtype.getName())).get(jpype.JString(value))
    raise _NoMatch


def to_java(value, jtype, top=True):
    """``value`` as an argument of Java type ``jtype`` (a java.lang.Class), or _NoMatch: numbers
    and booleans to primitives (or their boxes), sequences to arrays (at the top level a single
    number too: Keras's "one value for every dimension"), a Python layer or model to its Java object,
    a name to the Initializer/Regularizer/Constraint/Activation it names."""
    if hasattr(value, "_java"):
        value = value._java
    name = str(jtype.getName())
    if jtype.isPrimitive() or name in _BOXED:
        if value is None:
            if jtype.isPrimitive():
                raise _NoMatch
            return None
        v = _primitive(value, _BOXED.get(name, name))
        return v if jtype.isPrimitive() else jpype.JClass(name).valueOf(v)
    if jtype.isArray():
        comp = jtype.getComponentType()
        if isinstance(value, np.ndarray):
            value = value.tolist()
        if isinstance(value, (list, tuple)):
            items = list(value)
        elif top and comp.isPrimitive() and value is not None:
            items = [value]
        else:
            raise _NoMatch
        arr = jpype.JClass("java.lang.reflect.Array").newInstance(comp, len(items))
        for i, item in enumerate(items):
            arr[i] = to_java(item, comp, top=False)
        return arr
    if value is None:
        return None
    if name == "java.lang.String":
        if isinstance(value, str):
            return jpype.JString(value)
        raise _NoMatch
    if isinstance(value, jpype.JObject) and jtype.isInstance(value):
        return value
    if isinstance(value, str):
        return _named_component(value, jtype)
    raise _NoMatch


def _depth(types):
    """How many array dimensions the parameters have: scalar overloads are tried first."""
    return sum(str(t.getName()).count("[") for t in types)


def _signature(owner, executable):
    params = [f"{snake(str(p.getName()))}: {p.getType().getSimpleName()}"
              for p in executable.getParameters()]
    return f"{owner}({', '.join(params)})"


def _bind(ctors, args, kwargs):
    """(converted arguments, keywords used) of the constructor that takes ``args`` positionally
    and the most keywords by name, else None."""
    best = None
    for ctor in ctors:
        params = list(ctor.getParameters())
        names = [snake(str(p.getName())) for p in params]
        if len(args) > len(names) or any(n in kwargs for n in names[:len(args)]):
            continue
        rest = names[len(args):]
        if any(n not in kwargs for n in rest):
            continue
        types = [p.getType() for p in params]
        try:
            conv = [to_java(v, t) for v, t in zip(list(args) + [kwargs[n] for n in rest], types)]
        except _NoMatch:
            continue
        key = (len(rest), -_depth(types))
        if best is None or key > best[0]:
            best = (key, conv, rest)
    return None if best is None else best[1:]


def construct(jclass, args, kwargs, owner, setter_keys=()):
    """(a new ``jclass``, the keywords left for the setters): Keras's positional arguments and the
    keywords named like a constructor's parameters pick the constructor. A tuple that fits no
    single parameter is spread over several (``ZeroPadding2D((1, 2))`` is rows 1, cols 2, as in
    Keras). A constructor keyword that no constructor takes and no setter (``setter_keys``) either
    is an error that lists the constructors; one given as None means its default, as in Keras."""
    ctors = list(jclass.class_.getConstructors())
    ctor_keys = {snake(str(p.getName())) for c in ctors for p in c.getParameters()}
    given = {k: v for k, v in kwargs.items() if v is not None}

    def unbound(bound):
        return bound is None or bool((set(given) - set(bound[1]) - set(setter_keys)) & ctor_keys)

    bound = _bind(ctors, args, given)
    if unbound(bound) and len(args) == 1 and isinstance(args[0], (list, tuple)):
        bound = _bind(ctors, tuple(args[0]), given) or bound
    if unbound(bound) and not args:
        for key, value in given.items():
            if key in ctor_keys and isinstance(value, (list, tuple)):
                spread = _bind(ctors, tuple(value), {k: v for k, v in given.items() if k != key})
                if spread is not None:
                    bound = (spread[0], spread[1] + [key])
                    break
    if unbound(bound):
        sigs = signatures(owner, jclass.class_)
        raise TypeError(f"{owner}: the positional arguments {tuple(args)!r} (with the keywords "
                        f"{sorted(given)}) match none of its constructors: {sigs}; pass the other "
                        f"arguments as keywords")
    conv, used = bound
    left = {k: v for k, v in kwargs.items()
            if k not in used and not (v is None and k in ctor_keys and k not in setter_keys)}
    return jclass(*conv), left


def signatures(owner, jtype):
    """The public constructors of ``jtype`` as Python would call them, Keras-spelled:
    ``Conv2D(filters: long, kernel_size: long[])``."""
    return " or ".join(_signature(owner, c) for c in jtype.getConstructors())


def _setter_argument(jobj, method, value, key, owner):
    """``value`` converted for the one-argument setter ``method`` of ``jobj``."""
    modifier = jpype.JClass("java.lang.reflect.Modifier")
    setters = [m for m in jobj.getClass().getMethods()
               if str(m.getName()) == method and m.getParameterCount() == 1
               and not modifier.isStatic(m.getModifiers())]
    setters.sort(key=lambda m: _depth(m.getParameterTypes()))
    for m in setters:
        try:
            return to_java(value, m.getParameterTypes()[0])
        except _NoMatch:
            continue
    if not all(m.getParameterTypes()[0].isPrimitive() or m.getParameterTypes()[0].isArray()
               or str(m.getParameterTypes()[0].getName()) == "java.lang.String" for m in setters):
        # An interface or other object parameter: JPype's own conversions (a Python callable to a
        # functional interface) get their chance, and its TypeError if none applies.
        return value._java if hasattr(value, "_java") else value
    expected = sorted({str(m.getParameterTypes()[0].getSimpleName()) for m in setters})
    raise TypeError(f"{owner}: argument '{key}' expected {' or '.join(expected) or 'a setter'} "
                    f"but was {value!r}")


def apply_kwargs(jobj, kwargs, allowed, owner):
    """Calls jobj.<camelName>(value) for each keyword argument in ``allowed``, the value converted
    to the setter's parameter type (see ``to_java``)."""
    unknown = sorted(set(kwargs) - set(allowed))
    if unknown:
        raise TypeError(f"Unrecognized keyword arguments passed to {owner}: "
                        f"{ {k: kwargs[k] for k in unknown} }")
    for key, value in kwargs.items():
        if value is None:
            continue
        if key in ("input_shape", "batch_input_shape"):
            if key == "batch_input_shape":
                value = tuple(value)[1:]
            jobj.inputShape(shape_array(value))
            continue
        method = camel(key)
        getattr(jobj, method)(_setter_argument(jobj, method, value, key, owner))
    return jobj


def registered_keywords(kind, class_name):
    """The config keys the Java registry lists for a component (its keyword arguments)."""
    registry = jpype.JClass("dev.myelin.saving.Registry")
    entry = registry.find(getattr(registry.Kind, kind), jpype.JString(class_name), None)
    return () if entry is None else tuple(str(k) for k in entry.configKeys())
