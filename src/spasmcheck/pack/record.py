"""Frozen record classes that cost almost nothing to define.

A ``@dataclass`` compiles and ``exec()``s several methods per class when its module is
imported, 0.5-1 ms a class: the rule model alone paid ~10 ms of every start-up for it.
A ``Record`` subclass is declared the same way (annotations and ``field(...)``) but
shares one generic ``__init__``, ``__eq__``, ``__hash__`` and ``__repr__``, so defining
one is just building a class. Its fields (``fields``) carry the same ``name``,
``default``, ``default_factory`` and ``metadata`` as ``dataclasses.Field``, which is
what ``structure`` and ``schema`` read, so those walk records and dataclasses alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda cls: cls


MISSING: Any = dataclasses.MISSING
"""No default: the same marker as ``dataclasses``, so ``is_required`` reads both."""

_EMPTY: Mapping[str, Any] = {}


class Field:
    """One declared field: what ``dataclasses.Field`` offers that this project reads."""

    __slots__ = ("compare", "default", "default_factory", "metadata", "name", "repr", "type")

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        compare: bool = True,
        repr: bool = True,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr
        self.metadata = _EMPTY if metadata is None else metadata

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    compare: bool = True,
    repr: bool = True,
    metadata: Mapping[str, Any] | None = None,
) -> Any:
    """Declare a field with a default, metadata or ``compare=False`` (as ``dataclasses.field``)."""
    return Field(default, default_factory, compare, repr, metadata)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class _RecordType(type):
    """Turns the annotated class body into ``__slots__`` plus a tuple of ``Field``."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], ns: dict[str, Any], kw_only: bool = True
    ) -> _RecordType:
        declared: list[Field] = []
        for key, tp in ns.get("__annotations__", {}).items():
            if key.startswith("_"):  # Record's own class variables
                continue
            value = ns.pop(key, MISSING)
            if not isinstance(value, Field):
                value = Field(default=value)
            # A copy: one declared Field object may be shared by several classes.
            f = Field(value.default, value.default_factory, value.compare, value.repr)
            f.metadata = value.metadata
            f.name, f.type = key, tp
            declared.append(f)
        ns["__slots__"] = tuple(f.name for f in declared)
        cls = super().__new__(mcs, name, bases, ns)
        every = (*getattr(cls, "__fields__", ()), *declared)
        cls.__fields__ = every  # type: ignore[attr-defined]
        cls._kw_only = kw_only  # type: ignore[attr-defined]
        cls._plan = tuple((f.name, f.default, f.default_factory) for f in every)  # type: ignore[attr-defined]
        cls._names = frozenset(f.name for f in every)  # type: ignore[attr-defined]
        cls._compared = tuple(f.name for f in every if f.compare)  # type: ignore[attr-defined]
        slots = {k: v for c in reversed(cls.__mro__) for k, v in vars(c).items()}
        cls._setters = tuple(slots[f.name].__set__ for f in every)  # type: ignore[attr-defined]
        return cls

    def __init__(cls, name: str, bases: tuple[type, ...], ns: dict[str, Any], **_: Any) -> None:
        super().__init__(name, bases, ns)


R = TypeVar("R", bound="Record")


class Record(metaclass=_RecordType):
    """Base of frozen, slotted records: keyword-only unless declared ``kw_only=False``."""

    __slots__ = ()
    __fields__: ClassVar[tuple[Field, ...]]
    _kw_only: ClassVar[bool]
    _plan: ClassVar[tuple[tuple[str, Any, Any], ...]]
    _names: ClassVar[frozenset[str]]
    _compared: ClassVar[tuple[str, ...]]
    _setters: ClassVar[tuple[Callable[[Any, Any], None], ...]]

    def __init__(self, *args: Any, **values: Any) -> None:
        cls = type(self)
        made = _MADE[cls] = _MADE.get(cls, 0) + 1
        if made > COMPILE_AFTER:  # a class built this often earns a compiled __init__
            init = _compiled_init(cls)
            type.__setattr__(cls, "__init__", init)
            init(self, *args, **values)
            return
        if not values and len(args) == len(cls._plan) and not cls._kw_only:
            for setter, value in zip(cls._setters, args, strict=True):  # the fast path
                setter(self, value)
            return
        if args:
            if cls._kw_only or len(args) > len(cls._plan):
                raise TypeError(f"{cls.__name__}() takes keyword arguments only")
            positional = {name: arg for (name, _, _), arg in zip(cls._plan, args, strict=False)}
            if positional.keys() & values.keys():
                raise TypeError(f"{cls.__name__}() got an argument twice")
            values.update(positional)
        if not values.keys() <= cls._names:
            unknown = sorted(values.keys() - cls._names)
            raise TypeError(f"{cls.__name__}() got unexpected arguments {unknown}")
        for (name, default, factory), setter in zip(cls._plan, cls._setters, strict=True):
            if name in values:
                value = values[name]
            elif default is not MISSING:
                value = default
            elif factory is not MISSING:
                value = factory()
            else:
                raise TypeError(f"{cls.__name__}() is missing the argument {name!r}")
            setter(self, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.__fields__ if f.repr)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Copy and pickle through ``__init__`` (the frozen ``__setattr__`` blocks the default)."""
        return (_rebuild, (type(self), {f.name: getattr(self, f.name) for f in self.__fields__}))


COMPILE_AFTER = 200
"""Instances a class makes through the generic ``__init__`` before it gets its own.

A start-up makes a few of each class, where compiling would cost more than it saves
(the reason records exist); a batch makes thousands, where the generic loop would."""
_MADE: dict[type, int] = {}


def _compiled_init(cls: type[Record]) -> Callable[..., None]:
    """An ``__init__`` written for ``cls``, as fast as a dataclass's (one ``exec``)."""
    env: dict[str, Any] = {"MISSING": MISSING}
    params, body = [], []
    for n, ((name, default, factory), setter) in enumerate(
        zip(cls._plan, cls._setters, strict=True)
    ):
        env[f"_set{n}"] = setter
        if default is not MISSING:
            env[f"_default{n}"] = default
            params.append(f"{name}=_default{n}")
        elif factory is not MISSING:
            env[f"_factory{n}"] = factory
            params.append(f"{name}=MISSING")
            body.append(f"    if {name} is MISSING: {name} = _factory{n}()")
        else:
            params.append(name)
        body.append(f"    _set{n}(self, {name})")
    signature = ", ".join(["self", *(["*"] if cls._kw_only and params else []), *params])
    exec(f"def __init__({signature}):\n" + "\n".join(body or ["    pass"]), env)
    init: Callable[..., None] = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _rebuild(cls: type[R], values: dict[str, Any]) -> R:
    return cls(**values)


def is_record(tp: Any) -> bool:
    """Whether ``tp`` is a ``Record`` class (not an instance)."""
    return isinstance(tp, _RecordType)


def fields(cls: Any) -> tuple[Any, ...]:
    """The fields of a record or dataclass (class or instance), in declaration order."""
    if isinstance(cls, _RecordType) or isinstance(type(cls), _RecordType):
        return cls.__fields__
    return dataclasses.fields(cls)


def replace(obj: R, **changes: Any) -> R:
    """A copy of a record with some fields changed (``dataclasses.replace`` for records)."""
    values = {f.name: getattr(obj, f.name) for f in obj.__fields__}
    values.update(changes)
    return type(obj)(**values)
