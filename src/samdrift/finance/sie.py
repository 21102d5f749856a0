"""Read and write SIE 4 files (the Swedish accounting exchange format), with no Django models.

SIE ("Standard Import Export", sie.se) type 4 moves a chart of accounts, object dimensions
(cost centres, projects) and vouchers between accounting systems. This module covers the
subset that Samdrift needs to exchange internal invoices and cost-sharing budgets with the
municipalities' ledgers:

* Type ``4`` (4E, the full export: it must carry a fiscal year) and ``4I`` (import of vouchers
  only: no fiscal year, period balances or budgets). Both say ``#SIETYP 4`` in the file, as the
  format prescribes; :func:`read` tells them apart by content: a file with ``#RAR``, ``#IB``,
  ``#UB``, ``#OIB``, ``#OUB``, ``#RES``, ``#PSALDO`` or ``#PBUDGET`` is a ``4``, any other a ``4I``.
* Labels written and read: ``#FLAGGA 0``, ``#FORMAT PC8``, ``#SIETYP 4``, ``#PROGRAM``, ``#GEN``,
  ``#FNAMN``, ``#ORGNR``, ``#RAR 0``, ``#KPTYP`` (``EUBAS97`` by default, the value the format
  specification names for the current BAS chart), ``#KONTO``, ``#DIM``, ``#OBJEKT``, ``#PSALDO``,
  ``#PBUDGET`` and ``#VER`` blocks of ``#TRANS`` rows (with object lists, transaction date, text
  and quantity). ``#RTRANS`` and ``#BTRANS`` inside a voucher are accepted and skipped: the
  format requires an added row to be repeated as a plain ``#TRANS``, and a removed row is no
  longer part of the voucher. ``#RAR`` other than year 0, ``#IB``/``#UB``/``#RES``, ``#KTYP``,
  ``#SRU``, ``#KSUMMA`` and the other labels are ignored when read, as the format tells readers
  to ignore labels they do not use; signatures (``sign`` fields) are ignored too.
* The file is "PC8", that is IBM code page 437, with CRLF line endings. :func:`read` refuses
  files that are evidently in another encoding (a UTF-8 byte order mark, UTF-8 multi-byte
  sequences, ISO 8859-1 Swedish letters, NUL bytes) or that declare another ``#FORMAT``, rather
  than silently garbling å, ä and ö. :func:`write` passes every text field through
  :func:`pc8_text` (via :func:`to_pc8`), so no field can be forgotten: å, ä, ö, é, ü and the
  other letters of CP437's upper half are kept, a character CP437 lacks becomes its nearest
  equivalent (– and — become -, ” “ „ become ", ’ ‘ become ', … becomes ..., € becomes EUR,
  any space becomes a space, other letters lose their accents by Unicode NFKD decomposition)
  or ``?``. CP437's box-drawing, Greek and mathematical characters are transliterated too:
  next to a letter their bytes read as UTF-8 or ISO 8859-1 to any reader that guesses the
  encoding (this one included), so a file with them would not read back.
* Amounts are :class:`~decimal.Decimal` with a decimal point and at most two decimals; a
  negative amount is a credit. Every voucher must balance, on writing and on reading.

Errors are :class:`SieError` (a :class:`ValueError`) with the line number when reading; messages
go through Django's ``gettext`` so the app can show them in Swedish. :func:`read` returns a whole
:class:`SieFile` or raises: nothing is half read. ``read(write(x)) == to_pc8(x)`` for every ``x``
that :func:`write` accepts (``== x`` when its text is already PC8 letters and ASCII), and
:func:`write` is deterministic (maps are written sorted, the only date is ``SieFile.generated``).

Why hand-written: PyPI has no maintained Python SIE 4 library that fits. Searching the package
index for "sie" finds ``pysie-accounting`` (0.0.2 from 2024, "SIE file decoder": a read-only
pre-release with no writer), while ``sie-banxico``, ``banxico-sie``, ``pysie-sdk`` and
``unirio-sie`` are about unrelated systems that share the acronym (the Mexican central bank's
SIE API, a Brazilian school system) and the ``sie-*`` 0.10 family is a search inference engine.
The format is small and line based, so a few hundred lines of reviewed code are cheaper to
own than an unmaintained dependency.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

__all__ = [
    "PeriodAmount",
    "SieError",
    "SieFile",
    "Transaction",
    "Voucher",
    "pc8_text",
    "read",
    "to_pc8",
    "write",
]

ENCODING = "cp437"
SIE_TYPES = ("4", "4I")
DEFAULT_CHART_TYPE = "EUBAS97"
PERIOD_KINDS = ("PBUDGET", "PSALDO")

_CENT = Decimal("0.01")
_AMOUNT_RE = re.compile(r"-?\d+(?:\.\d{1,2})?")
_DECIMAL_COMMA_RE = re.compile(r"-?\d+,\d+")
_QUANTITY_RE = re.compile(r"-?\d+(?:\.\d+)?")
_DATE_RE = re.compile(r"\d{8}")
_PERIOD_RE = re.compile(r"\d{6}")
_YEAR_INDEX_RE = re.compile(r"-?\d+")
_LABEL_RE = re.compile(r"[^ \t]+")
# Labels that only a full (4E) export carries; their presence makes a file type "4".
_EXPORT_ONLY_LABELS = frozenset({"#RAR", "#IB", "#UB", "#OIB", "#OUB", "#RES", "#PSALDO", "#PBUDGET"})
_MANDATORY_LABELS = ("#FORMAT", "#SIETYP", "#PROGRAM", "#GEN", "#FNAMN")
# The Swedish letters (and é) as ISO 8859-1 bytes, and as CP437 bytes.
_LATIN1_LETTERS = frozenset(b"\xc4\xc5\xd6\xe4\xe5\xf6\xe9\xc9")
_CP437_LETTERS = frozenset(b"\x8e\x8f\x99\x84\x86\x94\x82\x90\x9a\x81")
_UTF8_BOM = b"\xef\xbb\xbf"

# What a SIE text field carries unchanged: printable ASCII and the letters of CP437's upper
# half, bytes 0x80-0xAF (Ç ü é â ä à å ç ê ë è ï î ì Ä Å É æ Æ ô ö ò û ù ÿ Ö Ü ¢ £ ¥ ₧ ƒ á í ó
# ú ñ Ñ ª º ¿ ⌐ ¬ ½ ¼ ¡ « »). No byte of that range starts a UTF-8 sequence or is an ISO
# 8859-1 Swedish letter, so a line of them never looks like another encoding.
_PC8_KEPT = frozenset(chr(code) for code in range(0x20, 0x7F)) | frozenset(bytes(range(0x80, 0xB0)).decode(ENCODING))
# The nearest equivalent of characters that CP437 lacks (or that could not be read back).
_PC8_NEAREST: dict[str, str] = {
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63", "-"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u301d\u301e", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc", "'"),
    "\u2026": "...",
    "\u2022": "*",
    "\u00b7": ".",
    "\u20ac": "EUR",
    "\u00a7": "par.",
    "\u00d7": "x",
    "\u00f7": "/",
    "\u00b1": "+/-",
    "\u00df": "ss",
    "\u00d8": "O",
    "\u00f8": "o",
    "\u0141": "L",
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u00d0": "D",
    "\u00f0": "d",
    "\u00de": "Th",
    "\u00fe": "th",
    "\u0152": "OE",
    "\u0153": "oe",
    "\u0131": "i",
}


class SieError(ValueError):
    """A SIE file that cannot be read, or data that cannot be written as one.

    ``line`` is the 1-based line number in the file when reading (``None`` when writing) and
    ``message`` the translated explanation without the line prefix.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(self._render())

    def _render(self) -> str:
        if self.line is None:
            return self.message
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}

    def __str__(self) -> str:
        return self._render()


@dataclass(frozen=True)
class Transaction:
    """One ``#TRANS`` row: a positive amount is a debit, a negative one a credit."""

    account: str
    amount: Decimal
    objects: tuple[tuple[str, str], ...] = ()
    text: str = ""
    quantity: Decimal | None = None
    date: datetime.date | None = None


@dataclass
class Voucher:
    """One ``#VER`` block. ``number`` is kept as text: ``Voucher("A", 5, ...).number == "5"``."""

    series: str
    number: str | int
    date: datetime.date
    text: str
    transactions: list[Transaction] = field(default_factory=list)
    registered: datetime.date | None = None

    def __post_init__(self) -> None:
        self.number = str(self.number)

    def balance(self) -> Decimal:
        """The sum of the amounts: zero when debit equals credit."""
        return sum((t.amount for t in self.transactions), Decimal(0))

    def is_balanced(self) -> bool:
        return self.balance() == 0

    def label(self) -> str:
        """How messages name the voucher: series and number, e.g. ``A 5``."""
        return f"{self.series} {self.number}".strip()


@dataclass(frozen=True)
class PeriodAmount:
    """A ``#PSALDO`` (period balance) or ``#PBUDGET`` (period budget) row.

    ``year_index`` is 0 for the current fiscal year, -1 for the previous one; ``period`` is
    ``YYYYMM``.
    """

    kind: str
    year_index: int
    period: str
    account: str
    objects: tuple[tuple[str, str], ...]
    amount: Decimal
    quantity: Decimal | None = None


@dataclass
class SieFile:
    sie_type: str
    program: str
    generated: datetime.date
    company: str
    org_number: str = ""
    fiscal_year: tuple[datetime.date, datetime.date] | None = None
    accounts: dict[str, str] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    vouchers: list[Voucher] = field(default_factory=list)
    period_budgets: list[PeriodAmount] = field(default_factory=list)
    period_balances: list[PeriodAmount] = field(default_factory=list)
    program_version: str = ""
    chart_type: str = DEFAULT_CHART_TYPE


# --------------------------------------------------------------------------------------------
# Text as PC8
# --------------------------------------------------------------------------------------------


def pc8_text(value: str) -> str:
    """``value`` as a SIE file can carry it and read it back: see the module docstring.

    ``pc8_text("IT-nämnden Herrljunga–Vårgårda") == "IT-nämnden Herrljunga-Vårgårda"``;
    å ä ö Å Ä Ö é ü stay; the result is always CP437 and ``pc8_text`` of it is itself."""
    return "".join(_pc8_char(char) for char in unicodedata.normalize("NFC", value))


@functools.lru_cache(maxsize=4096)
def _pc8_char(char: str) -> str:
    if char in _PC8_KEPT:
        return char
    if char in _PC8_NEAREST:
        return _PC8_NEAREST[char]
    if char.isspace():  # tab, line breaks, no-break and thin spaces
        return " "
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":  # a lone accent, soft hyphen, ZWSP
        return ""
    decomposed = "".join(
        _PC8_NEAREST.get(part, part) for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
    )
    if decomposed and all(part in _PC8_KEPT for part in decomposed):
        return decomposed
    return "?"


def to_pc8(sie: SieFile) -> SieFile:
    """A copy of ``sie`` with every text field, code and object passed through :func:`pc8_text`.

    :func:`write` calls it, so no field can be forgotten. Two codes of one map (accounts,
    dimensions, objects) that become the same raise :class:`SieError`."""
    text = pc8_text

    def objects(items: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple((text(dim), text(obj)) for dim, obj in items)

    def transaction(row: Transaction) -> Transaction:
        return dataclasses.replace(row, account=text(row.account), objects=objects(row.objects), text=text(row.text))

    def voucher(entry: Voucher) -> Voucher:
        return dataclasses.replace(
            entry,
            series=text(entry.series),
            number=text(str(entry.number)),
            text=text(entry.text),
            transactions=[transaction(row) for row in entry.transactions],
        )

    def period(entry: PeriodAmount) -> PeriodAmount:
        return dataclasses.replace(entry, account=text(entry.account), objects=objects(entry.objects))

    return dataclasses.replace(
        sie,
        program=text(sie.program),
        program_version=text(sie.program_version),
        company=text(sie.company),
        org_number=text(sie.org_number),
        chart_type=text(sie.chart_type),
        accounts=_pc8_map("#KONTO", sie.accounts, text),
        dimensions=_pc8_map("#DIM", sie.dimensions, text),
        objects=_pc8_map("#OBJEKT", sie.objects, lambda key: (text(key[0]), text(key[1]))),
        vouchers=[voucher(entry) for entry in sie.vouchers],
        period_budgets=[period(entry) for entry in sie.period_budgets],
        period_balances=[period(entry) for entry in sie.period_balances],
    )


def _pc8_map[K](label: str, items: Mapping[K, str], key: Callable[[K], K]) -> dict[K, str]:
    result: dict[K, str] = {}
    originals: dict[K, K] = {}
    for original, name in items.items():
        mapped = key(original)
        if mapped in result:
            raise SieError(
                _("Cannot write %(where)s: %(first)s and %(second)s are the same code in PC8 (CP437).")
                % {"where": label, "first": repr(originals[mapped]), "second": repr(original)}
            )
        result[mapped] = pc8_text(name)
        originals[mapped] = original
    return result


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def write(sie: SieFile) -> bytes:
    """Return ``sie`` as a PC8 (CP437) SIE file with CRLF line endings.

    Every text field is first made PC8 (:func:`to_pc8`). Everything is checked before
    anything is produced: an unbalanced voucher, an empty code, amounts with more than two
    decimals and a type that does not match the content raise :class:`SieError`.
    """
    sie = to_pc8(sie)
    _validate(sie)
    lines = list(_lines(sie))
    data = "".join(line + "\r\n" for line in lines).encode(ENCODING)
    problem = _encoding_problem(data.split(b"\r\n"))
    if problem is not None:
        line_number, encoding, chars = problem
        raise SieError(
            _(
                "Cannot write: line %(line)s would look %(encoding)s encoded to a SIE reader "
                "because of the characters %(chars)s; change that text"
            )
            % {"line": line_number, "encoding": encoding, "chars": chars}
        )
    return data


def _validate(sie: SieFile) -> None:
    if sie.sie_type not in SIE_TYPES:
        raise SieError(_('The SIE type must be "4" or "4I", not %(value)s.') % {"value": repr(sie.sie_type)})
    if sie.sie_type == "4" and sie.fiscal_year is None:
        raise SieError(_("A type 4 file needs a fiscal year (#RAR)."))
    if sie.sie_type == "4I" and (sie.fiscal_year is not None or sie.period_budgets or sie.period_balances):
        raise SieError(_("A type 4I file carries vouchers only: no fiscal year, period balances or budgets."))
    if sie.fiscal_year is not None and sie.fiscal_year[0] > sie.fiscal_year[1]:
        raise SieError(_("Cannot write %(where)s: the fiscal year starts after it ends.") % {"where": "#RAR"})
    # Unbalanced vouchers first: they are the most likely mistake and the message names them.
    for voucher in sie.vouchers:
        _check_balanced(voucher, None)
    _check_text("#PROGRAM", sie.program, sie.program_version)
    _check_text("#FNAMN", sie.company)
    _check_text("#ORGNR", sie.org_number)
    _check_text("#KPTYP", sie.chart_type)
    for number, name in sie.accounts.items():
        _check_key(f"#KONTO {number}", number)
        _check_text(f"#KONTO {number}", number, name)
    for number, name in sie.dimensions.items():
        _check_key(f"#DIM {number}", number)
        _check_text(f"#DIM {number}", number, name)
    for (dim, obj), name in sie.objects.items():
        _check_key(f"#OBJEKT {dim} {obj}", dim)
        _check_text(f"#OBJEKT {dim} {obj}", dim, obj, name)
    for kind, entries in (("PSALDO", sie.period_balances), ("PBUDGET", sie.period_budgets)):
        for entry in entries:
            where = f"#{kind} {entry.period} {entry.account}"
            if entry.kind != kind:
                raise SieError(
                    _("Cannot write %(where)s: its kind is %(value)s but it is listed as %(kind)s.")
                    % {"where": where, "value": repr(entry.kind), "kind": kind}
                )
            if not _PERIOD_RE.fullmatch(entry.period) or not 1 <= int(entry.period[4:]) <= 12:
                raise SieError(
                    _("Cannot write %(where)s: the period %(value)s is not in the form YYYYMM.")
                    % {"where": where, "value": repr(entry.period)}
                )
            _check_key(where, entry.account)
            _check_text(where, entry.account)
            _check_objects(where, entry.objects)
            _check_amount(where, entry.amount)
            _check_quantity(where, entry.quantity)
    for voucher in sie.vouchers:
        where = f"#VER {voucher.label()}"
        _check_text(where, voucher.series, str(voucher.number), voucher.text)
        for transaction in voucher.transactions:
            row = f"#TRANS {transaction.account} ({where})"
            _check_key(row, transaction.account)
            _check_text(row, transaction.account, transaction.text)
            _check_objects(row, transaction.objects)
            _check_amount(row, transaction.amount)
            _check_quantity(row, transaction.quantity)


def _check_balanced(voucher: Voucher, line: int | None) -> None:
    difference = voucher.balance()
    if difference == 0:
        return
    values = {"voucher": voucher.label(), "amount": _format_amount(abs(difference))}
    if difference > 0:
        message = _("voucher %(voucher)s does not balance: %(amount)s debit more than credit") % values
    else:
        message = _("voucher %(voucher)s does not balance: %(amount)s credit more than debit") % values
    raise SieError(message, line)


def _check_key(where: str, value: str) -> None:
    if not value:
        raise SieError(_("Cannot write %(where)s: a number or code must not be empty.") % {"where": where})


def _check_text(where: str, *values: str) -> None:
    for value in values:
        for char in value:
            if ord(char) < 32 or ord(char) == 127:
                raise SieError(
                    _("Cannot write %(where)s: the control character U+%(code)s is not allowed in SIE fields.")
                    % {"where": where, "code": f"{ord(char):04X}"}
                )
            try:
                char.encode(ENCODING)
            except UnicodeEncodeError:
                raise SieError(
                    _("Cannot write %(where)s: the character %(char)s (U+%(code)s) is not in PC8 (CP437).")
                    % {"where": where, "char": char, "code": f"{ord(char):04X}"}
                ) from None


def _check_objects(where: str, objects: Sequence[tuple[str, str]]) -> None:
    for dim, obj in objects:
        _check_key(where, dim)
        _check_text(where, dim, obj)


def _check_amount(where: str, amount: Decimal) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise SieError(
            _("Cannot write %(where)s: %(value)s is not a finite decimal amount.") % {"where": where, "value": amount}
        )
    try:
        exact = amount == amount.quantize(_CENT)
    except InvalidOperation:
        exact = False
    if not exact:
        raise SieError(
            _("Cannot write %(where)s: the amount %(value)s has more than two decimals.")
            % {"where": where, "value": amount}
        )


def _check_quantity(where: str, quantity: Decimal | None) -> None:
    if quantity is not None and (not isinstance(quantity, Decimal) or not quantity.is_finite()):
        raise SieError(
            _("Cannot write %(where)s: the quantity %(value)s is not a finite decimal number.")
            % {"where": where, "value": quantity}
        )


def _lines(sie: SieFile) -> Iterable[str]:
    yield "#FLAGGA 0"
    yield "#FORMAT PC8"
    yield "#SIETYP 4"
    yield f"#PROGRAM {_quote(sie.program)} {_field(sie.program_version)}"
    yield f"#GEN {_format_date(sie.generated)}"
    yield f"#FNAMN {_quote(sie.company)}"
    if sie.org_number:
        yield f"#ORGNR {_field(sie.org_number)}"
    if sie.fiscal_year is not None:
        yield f"#RAR 0 {_format_date(sie.fiscal_year[0])} {_format_date(sie.fiscal_year[1])}"
    if sie.chart_type:
        yield f"#KPTYP {_field(sie.chart_type)}"
    for number in sorted(sie.accounts, key=_natural):
        yield f"#KONTO {_field(number)} {_quote(sie.accounts[number])}"
    for number in sorted(sie.dimensions, key=_natural):
        yield f"#DIM {_field(number)} {_quote(sie.dimensions[number])}"
    for dim, obj in sorted(sie.objects, key=lambda key: (_natural(key[0]), _natural(key[1]))):
        yield f"#OBJEKT {_field(dim)} {_quote(obj)} {_quote(sie.objects[dim, obj])}"
    for entry in [*sie.period_balances, *sie.period_budgets]:
        fields = [
            f"#{entry.kind}",
            str(entry.year_index),
            entry.period,
            _field(entry.account),
            _format_objects(entry.objects),
            _format_amount(entry.amount),
        ]
        if entry.quantity is not None:
            fields.append(_format_quantity(entry.quantity))
        yield " ".join(fields)
    for voucher in sie.vouchers:
        fields = [
            "#VER",
            _field(voucher.series),
            _field(str(voucher.number)),
            _format_date(voucher.date),
            _quote(voucher.text),
        ]
        if voucher.registered is not None:
            fields.append(_format_date(voucher.registered))
        yield " ".join(fields)
        yield "{"
        for transaction in voucher.transactions:
            yield "   " + _format_transaction(transaction)
        yield "}"


def _format_transaction(transaction: Transaction) -> str:
    fields = [
        "#TRANS",
        _field(transaction.account),
        _format_objects(transaction.objects),
        _format_amount(transaction.amount),
    ]
    # The optional fields are positional: fill the gaps with "" up to the last one given.
    optional = [
        _format_date(transaction.date) if transaction.date is not None else '""',
        _quote(transaction.text),
        _format_quantity(transaction.quantity) if transaction.quantity is not None else '""',
    ]
    if transaction.quantity is not None:
        fields.extend(optional)
    elif transaction.text:
        fields.extend(optional[:2])
    elif transaction.date is not None:
        fields.append(optional[0])
    return " ".join(fields)


def _natural(value: str) -> tuple[int, int, str]:
    """Sort numbers numerically (``2`` before ``10``) and put other codes after them."""
    if value.isascii() and value.isdigit():
        return (0, int(value), value)
    return (1, 0, value)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _field(value: str) -> str:
    """A code (account, series, number): bare when safe, quoted otherwise."""
    if not value or any(char in ' \t"{}\\' for char in value):
        return _quote(value)
    return value


def _format_objects(objects: Sequence[tuple[str, str]]) -> str:
    return "{" + " ".join(f"{_field(dim)} {_quote(obj)}" for dim, obj in objects) + "}"


def _format_amount(amount: Decimal) -> str:
    text = f"{amount.quantize(_CENT):f}"
    return "0.00" if text == "-0.00" else text


def _format_quantity(quantity: Decimal) -> str:
    text = f"{quantity:f}"
    return text[1:] if text.startswith("-") and quantity == 0 else text


def _format_date(value: datetime.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

type _Token = str | tuple[str, ...]


def read(data: bytes) -> SieFile:
    """Parse a SIE 4 file (PC8/CP437). Raises :class:`SieError` naming the line of any problem."""
    raw_lines = bytes(data).split(b"\n")
    raw_lines = [line.removesuffix(b"\r") for line in raw_lines]
    if raw_lines and raw_lines[0].startswith(_UTF8_BOM):
        raise SieError(_("the file starts with a UTF-8 byte order mark; SIE files are PC8 (CP437)"), 1)
    for number, line in enumerate(raw_lines, start=1):
        if b"\x00" in line:
            raise SieError(_("the line contains NUL bytes; the file is not a PC8 (CP437) text file"), number)
    problem = _encoding_problem(raw_lines)
    if problem is not None:
        line_number, encoding, _chars = problem
        if encoding == "UTF-8":
            message = _("the file looks UTF-8 encoded; SIE files are PC8 (CP437)")
        else:
            message = _("the file looks ISO 8859-1 (Latin-1) encoded; SIE files are PC8 (CP437)")
        raise SieError(message, line_number)
    return _Reader([line.decode(ENCODING) for line in raw_lines]).run()


def _encoding_problem(lines: Sequence[bytes]) -> tuple[int, str, str] | None:
    """Find the first line that is evidently UTF-8 or ISO 8859-1 rather than CP437.

    CP437 decodes every byte, so this is a judgement: a line whose non-ASCII bytes form valid
    UTF-8 of printable characters is UTF-8 (in CP437 that would be a box-drawing character
    followed by an accented letter); a Swedish letter in ISO 8859-1 next to an ASCII letter, on
    a line with no Swedish letter in CP437, is ISO 8859-1 (in CP437 those bytes are box-drawing
    and Greek characters). :func:`write` refuses output that would trip this, so whatever it
    writes reads back. Returns (line number, encoding, the characters) or None.
    """
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            chars = [char for char in text if not char.isascii()]
            if all(char.isprintable() for char in chars):
                return number, "UTF-8", "".join(chars)
        if not any(byte in _CP437_LETTERS for byte in line):
            for index, byte in enumerate(line):
                if byte in _LATIN1_LETTERS and (
                    _is_ascii_letter(line[index - 1 : index]) or _is_ascii_letter(line[index + 1 : index + 2])
                ):
                    return number, "ISO 8859-1", bytes([byte]).decode(ENCODING)
    return None


def _is_ascii_letter(value: bytes) -> bool:
    return value.isalpha()  # bytes.isalpha() is true for ASCII letters only


@dataclass
class _OpenVoucher:
    voucher: Voucher
    line: int
    opened: bool = False


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.line = 0
        self.seen: dict[str, int] = {}
        self.sie_type = ""
        self.program = ""
        self.program_version = ""
        self.generated: datetime.date | None = None
        self.company = ""
        self.org_number = ""
        self.chart_type = ""
        self.fiscal_year: tuple[datetime.date, datetime.date] | None = None
        self.accounts: dict[str, str] = {}
        self.dimensions: dict[str, str] = {}
        self.objects: dict[tuple[str, str], str] = {}
        self.vouchers: list[Voucher] = []
        self.period_budgets: list[PeriodAmount] = []
        self.period_balances: list[PeriodAmount] = []
        self.export_only = False
        self.current: _OpenVoucher | None = None
        self.raw = ""

    def error(self, message: str, line: int | None = None) -> SieError:
        return SieError(message, self.line if line is None else line)

    def run(self) -> SieFile:
        for number, text in enumerate(self.lines, start=1):
            self.line = number
            self.raw = text
            stripped = text.strip(" \t")
            if not stripped:
                continue
            if self.current is not None:
                self.voucher_line(stripped)
            else:
                self.top_line(stripped)
        if self.current is not None:
            raise self.error(
                _("voucher %(voucher)s is not closed with }") % {"voucher": self.current.voucher.label()},
                self.current.line,
            )
        last = max(len(self.lines), 1)
        while last > 1 and not self.lines[last - 1].strip():
            last -= 1
        for label in _MANDATORY_LABELS:
            if label not in self.seen:
                if label == "#FORMAT":
                    message = _("the file has no #FORMAT PC8 line; SIE files must declare PC8 (CP437)")
                else:
                    message = _("the file ends without the mandatory %(label)s line") % {"label": label}
                raise self.error(message, last)
        if self.generated is None:  # pragma: no cover - #GEN is mandatory, checked above
            raise self.error(_("the file ends without the mandatory %(label)s line") % {"label": "#GEN"}, last)
        return SieFile(
            sie_type="4" if self.export_only else "4I",
            program=self.program,
            generated=self.generated,
            company=self.company,
            org_number=self.org_number,
            fiscal_year=self.fiscal_year,
            accounts=self.accounts,
            dimensions=self.dimensions,
            objects=self.objects,
            vouchers=self.vouchers,
            period_budgets=self.period_budgets,
            period_balances=self.period_balances,
            program_version=self.program_version,
            chart_type=self.chart_type,
        )

    # -- top level --------------------------------------------------------------------------

    def top_line(self, stripped: str) -> None:
        if stripped[0] in "{}":
            raise self.error(_("unexpected %(char)s outside a voucher") % {"char": stripped[0]})
        if not stripped.startswith("#"):
            raise self.error(_("expected a line starting with a #LABEL"))
        match = _LABEL_RE.match(stripped)
        label = match.group(0).upper() if match else stripped
        handler = self.HANDLERS.get(label)
        if label in _EXPORT_ONLY_LABELS:
            self.export_only = True
        if handler is None:
            if label in ("#TRANS", "#RTRANS", "#BTRANS"):
                raise self.error(_("%(label)s outside a voucher") % {"label": label})
            return  # The format tells readers to ignore labels they do not know.
        tokens = _tokenize(self.raw, self.line)
        self.seen.setdefault(label, self.line)
        handler(self, label, tokens[1:])

    def need(self, label: str, fields: Sequence[_Token], count: int) -> None:
        if len(fields) < count:
            raise self.error(
                _("%(label)s needs at least %(count)s fields, found %(found)s")
                % {"label": label, "count": count, "found": len(fields)}
            )

    def text(self, label: str, fields: Sequence[_Token], index: int, default: str = "") -> str:
        if index >= len(fields):
            return default
        value = fields[index]
        if not isinstance(value, str):
            raise self.error(
                _("expected a text, not an object list, as field %(index)s of %(label)s")
                % {"index": index + 1, "label": label}
            )
        return value

    def object_list(self, label: str, fields: Sequence[_Token], index: int) -> tuple[tuple[str, str], ...]:
        value = fields[index]
        if isinstance(value, str):
            raise self.error(
                _("expected an object list in braces {...} as field %(index)s of %(label)s")
                % {"index": index + 1, "label": label}
            )
        if len(value) % 2:
            raise self.error(
                _("an object list must hold pairs of dimension and object, found %(count)s items")
                % {"count": len(value)}
            )
        return tuple((value[i], value[i + 1]) for i in range(0, len(value), 2))

    def date(self, value: str) -> datetime.date:
        if _DATE_RE.fullmatch(value):
            try:
                return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
            except ValueError:
                pass
        raise self.error(_("%(value)s is not a date in the form YYYYMMDD") % {"value": repr(value)})

    def optional_date(self, value: str) -> datetime.date | None:
        return self.date(value) if value else None

    def amount(self, value: str) -> Decimal:
        if _AMOUNT_RE.fullmatch(value):
            return Decimal(value)
        if _DECIMAL_COMMA_RE.fullmatch(value):
            raise self.error(
                _("%(value)s uses a decimal comma; SIE amounts use a decimal point") % {"value": repr(value)}
            )
        raise self.error(
            _("%(value)s is not an amount: use a decimal point and at most two decimals") % {"value": repr(value)}
        )

    def quantity(self, value: str) -> Decimal | None:
        if not value:
            return None
        if _QUANTITY_RE.fullmatch(value):
            return Decimal(value)
        raise self.error(_("%(value)s is not a quantity") % {"value": repr(value)})

    def on_format(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 1)
        value = self.text(label, fields, 0)
        if value.upper() != "PC8":
            raise self.error(_("#FORMAT is %(value)s; only PC8 (CP437) is supported") % {"value": repr(value)})

    def on_sietyp(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 1)
        value = self.text(label, fields, 0)
        if value != "4":
            raise self.error(
                _("SIE type %(value)s is not supported; only type 4 (4E and 4I) can be read") % {"value": repr(value)}
            )
        self.sie_type = value

    def on_program(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 1)
        self.program = self.text(label, fields, 0)
        self.program_version = self.text(label, fields, 1)

    def on_gen(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 1)
        self.generated = self.date(self.text(label, fields, 0))

    def on_fnamn(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 1)
        self.company = self.text(label, fields, 0)

    def on_orgnr(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 1)
        self.org_number = self.text(label, fields, 0)

    def on_kptyp(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 1)
        self.chart_type = self.text(label, fields, 0)

    def on_rar(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 3)
        year_index = self.year_index(self.text(label, fields, 0))
        start = self.date(self.text(label, fields, 1))
        end = self.date(self.text(label, fields, 2))
        if year_index == 0:
            self.fiscal_year = (start, end)

    def year_index(self, value: str) -> int:
        if not _YEAR_INDEX_RE.fullmatch(value):
            raise self.error(_("%(value)s is not a year index such as 0 or -1") % {"value": repr(value)})
        return int(value)

    def on_konto(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 1)
        self.accounts[self.text(label, fields, 0)] = self.text(label, fields, 1)

    def on_dim(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 1)
        self.dimensions[self.text(label, fields, 0)] = self.text(label, fields, 1)

    def on_objekt(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 2)
        key = (self.text(label, fields, 0), self.text(label, fields, 1))
        self.objects[key] = self.text(label, fields, 2)

    def on_period(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 5)
        year_index = self.year_index(self.text(label, fields, 0))
        period = self.text(label, fields, 1)
        if not _PERIOD_RE.fullmatch(period) or not 1 <= int(period[4:]) <= 12:
            raise self.error(_("%(value)s is not a period in the form YYYYMM") % {"value": repr(period)})
        entry = PeriodAmount(
            kind=label[1:],
            year_index=year_index,
            period=period,
            account=self.text(label, fields, 2),
            objects=self.object_list(label, fields, 3),
            amount=self.amount(self.text(label, fields, 4)),
            quantity=self.quantity(self.text(label, fields, 5)),
        )
        (self.period_budgets if entry.kind == "PBUDGET" else self.period_balances).append(entry)

    def on_ver(self, label: str, fields: Sequence[_Token]) -> None:
        self.need(label, fields, 3)
        voucher = Voucher(
            series=self.text(label, fields, 0),
            number=self.text(label, fields, 1),
            date=self.date(self.text(label, fields, 2)),
            text=self.text(label, fields, 3),
            transactions=[],
            registered=self.optional_date(self.text(label, fields, 4)),
        )
        self.current = _OpenVoucher(voucher, self.line)

    HANDLERS = {
        "#FORMAT": on_format,
        "#SIETYP": on_sietyp,
        "#PROGRAM": on_program,
        "#GEN": on_gen,
        "#FNAMN": on_fnamn,
        "#ORGNR": on_orgnr,
        "#KPTYP": on_kptyp,
        "#RAR": on_rar,
        "#KONTO": on_konto,
        "#DIM": on_dim,
        "#OBJEKT": on_objekt,
        "#PSALDO": on_period,
        "#PBUDGET": on_period,
        "#VER": on_ver,
    }

    # -- inside a voucher ---------------------------------------------------------------------

    def voucher_line(self, stripped: str) -> None:
        current = self.current
        if current is None:  # pragma: no cover - only called with an open voucher
            return
        name = current.voucher.label()
        if not current.opened:
            if stripped != "{":
                raise self.error(
                    _("expected { on the line after #VER (voucher %(voucher)s)") % {"voucher": name},
                )
            current.opened = True
            return
        if stripped == "}":
            _check_balanced(current.voucher, current.line)
            self.vouchers.append(current.voucher)
            self.current = None
            return
        match = _LABEL_RE.match(stripped)
        label = match.group(0).upper() if match else stripped
        if label not in ("#TRANS", "#RTRANS", "#BTRANS"):
            if label == "#VER":
                raise self.error(_("voucher %(voucher)s is not closed with }") % {"voucher": name}, current.line)
            raise self.error(
                _("%(label)s is not allowed inside a voucher (voucher %(voucher)s); expected #TRANS or }")
                % {"label": label if label.startswith("#") else repr(stripped[:20]), "voucher": name}
            )
        fields = _tokenize(self.raw, self.line)[1:]
        self.need(label, fields, 3)
        transaction = Transaction(
            account=self.text(label, fields, 0),
            objects=self.object_list(label, fields, 1),
            amount=self.amount(self.text(label, fields, 2)),
            date=self.optional_date(self.text(label, fields, 3)),
            text=self.text(label, fields, 4),
            quantity=self.quantity(self.text(label, fields, 5)),
        )
        # #RTRANS (added row) is followed by the same row as #TRANS; #BTRANS (removed row) no
        # longer belongs to the voucher. Both are checked for form and otherwise skipped.
        if label == "#TRANS":
            current.voucher.transactions.append(transaction)


def _tokenize(line: str, number: int) -> list[_Token]:
    """Split a line into fields: bare words, "quoted strings" and {object lists}."""
    tokens: list[_Token] = []
    index = 0
    length = len(line)
    while index < length:
        char = line[index]
        if char in " \t":
            index += 1
        elif char == '"':
            value, index = _read_quoted(line, index, number)
            tokens.append(value)
        elif char == "{":
            start = index
            index += 1
            items: list[str] = []
            while True:
                while index < length and line[index] in " \t":
                    index += 1
                if index >= length:
                    raise SieError(
                        _("the object list starting at column %(column)s has no closing brace") % {"column": start + 1},
                        number,
                    )
                char = line[index]
                if char == "}":
                    index += 1
                    break
                if char == '"':
                    value, index = _read_quoted(line, index, number)
                elif char == "{":
                    raise SieError(
                        _("the object list starting at column %(column)s has no closing brace") % {"column": start + 1},
                        number,
                    )
                else:
                    end = index
                    while end < length and line[end] not in ' \t{}"':
                        end += 1
                    value, index = line[index:end], end
                items.append(value)
            tokens.append(tuple(items))
        elif char == "}":
            raise SieError(_("unexpected closing brace at column %(column)s") % {"column": index + 1}, number)
        else:
            end = index
            while end < length and line[end] not in " \t":
                end += 1
            tokens.append(line[index:end])
            index = end
    return tokens


def _read_quoted(line: str, start: int, number: int) -> tuple[str, int]:
    chars: list[str] = []
    index = start + 1
    length = len(line)
    while index < length:
        char = line[index]
        if char == "\\" and index + 1 < length and line[index + 1] in '"\\':
            chars.append(line[index + 1])
            index += 2
        elif char == '"':
            return "".join(chars), index + 1
        else:
            chars.append(char)
            index += 1
    raise SieError(_("the text starting at column %(column)s has no closing quote") % {"column": start + 1}, number)
