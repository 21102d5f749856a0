"""Architecture rules that fail CI (in the spirit of Zulip's lint rules).

They read the source tree with ``ast`` and the app registry; each failure names the file
and line, and says what to do. What they check and what they exempt, and why, is in
``docs/architecture.md`` ("Rules the tests keep"). Keep the exemptions short and reasoned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.apps import apps
from django.db import models

from samdrift.accounts.policy import RULES
from samdrift.testing.isolation import all_cases

PACKAGE = Path(__file__).resolve().parents[2]  # src/samdrift
DOCS = PACKAGE.parents[1] / "docs"

# The layers, lowest first. A module may import its own app and the layers below it,
# never one above; apps in the same layer do not import each other. docs/architecture.md
# shows this list (test_the_architecture_page_shows_the_layers keeps them equal).
LAYERS: list[set[str]] = [
    {"core"},
    {"tenancy"},
    {"accounts"},
    {"catalog"},
    {"inventory"},
    {"servicedesk"},
    {"knowledge"},
    {"mailin"},
    {"finance"},
    {"agreements"},
    {"followup"},
    {"governance"},
    {"initiatives"},
]
# Above every app: the composition root (URLs, settings, entry points) and the test
# helpers. They may import any app; no app imports them.
ROOT = {"urls", "settings", "wsgi", "asgi", "__main__", "__init__", "testing"}


def _layer_of(app: str) -> int:
    for index, layer in enumerate(LAYERS):
        if app in layer:
            return index
    return len(LAYERS) if app in ROOT else -1


def _source_files() -> list[Path]:
    """Every module of the package except tests and migrations (tests may import any
    app they test; migrations are generated and refer to other apps by label)."""
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.relative_to(PACKAGE).parts and "migrations" not in path.relative_to(PACKAGE).parts
    ]


def _owner(path: Path) -> str:
    """The app (or root module) a file belongs to."""
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imported_modules(path: Path, tree: ast.Module) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file, function-local ones too."""
    package = ["samdrift", *path.relative_to(PACKAGE).parent.parts]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # ``from samdrift import finance`` imports the app, not only the package.
            if module == "samdrift":
                found.extend((node.lineno, f"samdrift.{alias.name}") for alias in node.names)
    return found


def test_every_app_has_a_layer() -> None:
    samdrift_apps = {c.label for c in apps.get_app_configs() if c.name.startswith("samdrift.")}
    placed = set().union(*LAYERS)
    assert samdrift_apps - placed == set(), "add the new app to LAYERS (and to docs/architecture.md)"
    assert placed - samdrift_apps == set(), "LAYERS names an app that is not installed"


def test_imports_point_down_the_layers() -> None:
    wrong = []
    for path in _source_files():
        owner = _owner(path)
        mine = _layer_of(owner)
        assert mine >= 0, f"{path}: {owner} is in no layer; add it to LAYERS"
        for line, module in _imported_modules(path, ast.parse(path.read_text())):
            parts = module.split(".")
            if parts[0] != "samdrift" or len(parts) < 2 or parts[1] == owner:
                continue
            target = parts[1]
            theirs = _layer_of(target)
            if theirs >= mine and owner not in ROOT:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {owner} imports {module} (layer {theirs} >= {mine})")
    assert wrong == [], "imports must point down the layers (see docs/architecture.md):\n" + "\n".join(wrong)


def test_the_architecture_page_shows_the_layers() -> None:
    page = (DOCS / "architecture.md").read_text()
    block = page.split("<!-- layers -->")[1].split("<!-- /layers -->")[0]
    # One numbered line per layer: "1. `core` — what it holds" (several apps: "`a`, `b` — …").
    shown = [set(re.findall(r"`([a-z_]+)`", line.split("—")[0])) for line in block.strip().splitlines()]
    assert shown == LAYERS, "docs/architecture.md lists other layers than test_architecture.LAYERS"


# Writes outside actions ----------------------------------------------------------------

WRITE_METHODS = {
    "save",
    "delete",
    "update",
    "bulk_create",
    "bulk_update",
    "create",
    "get_or_create",
    "update_or_create",
}
# Receivers that make a call a queryset or manager call (``.objects``, ``.filter(...)``…).
QUERYSET_STEPS = {"objects", "filter", "exclude", "all", "select_for_update", "visible_to", "order_by", "using"}

# Modules that write outside an ``actions.py``, each with the reason. Every other write
# to a domain model goes through an action (one transaction, an audit row).
WRITE_ALLOWLIST: dict[str, str] = {
    # The audit row is the record of an action's change, written inside its transaction.
    "core/audit.py": "writes the audit row itself, from inside the action's transaction",
    # Demo builders load two years of history in bulk; they are not user changes.
    "servicedesk/demo.py": "bulk-loads demo history (users, categories) for speed; not a user's change",
    # Side effects queued by the ticket actions inside their transaction, not domain objects.
    "servicedesk/notifications.py": "queues notification and outbox rows from inside the ticket actions",
    # The search index is derived from the ticket and rewritten by the ticket actions.
    "servicedesk/search.py": "maintains the derived full-text index (raw SQL), called by the ticket actions",
    "knowledge/search.py": "maintains the derived full-text index of articles (raw SQL), called by the article actions",
    # The follow-up statistics are a rollup derived from the tickets, like the search index.
    "followup/stats.py": (
        "maintains the derived statistics rollup (TicketStat, TicketFact, StatDirty) from ticket changes; "
        "nobody edits it and a rebuild recreates it from the tickets"
    ),
    # Derived SLA fields of many tickets at once, by design not one action per ticket:
    "servicedesk/sla_recompute.py": (
        "recomputes SLA fields of up to a million tickets by raw SQL in checkpointed batches (one audit row per "
        "request, not per ticket; see docs/sla-recompute.md)"
    ),
    # The task framework's own bookkeeping: scheduler rows, leases, worker heartbeats, mail
    # delivery state and pruning of old task results. Not domain objects; no user edits them.
    "core/background.py": "the scheduler, task leases and worker heartbeats (infrastructure rows)",
    "core/outbox.py": "marks queued mail sent or failed, one message at a time (django-post-office rows)",
    "core/tasks.py": "prunes old task results",
    "core/planner.py": "ANALYZE: the planner's statistics, no domain row",
}


def _receiver_is_queryset(node: ast.expr) -> bool:
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        if not isinstance(node, ast.Attribute):
            return False
        if node.attr in QUERYSET_STEPS or node.attr.endswith("_set"):
            return True
        node = node.value


def _writes(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if method == "execute":  # raw SQL through a cursor
            found.append((node.lineno, ast.unparse(node)[:80]))
        elif method not in WRITE_METHODS:
            continue
        elif method in ("save", "delete") and not node.args and not _is_self(receiver):
            found.append((node.lineno, ast.unparse(node)[:80]))  # obj.save(), obj.delete(), form.save()
        elif method in ("bulk_create", "bulk_update") or _receiver_is_queryset(receiver):
            found.append((node.lineno, ast.unparse(node)[:80]))
    return found


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def test_no_domain_write_outside_actions() -> None:
    wrong: list[str] = []
    for path in _source_files():
        rel = path.relative_to(PACKAGE).as_posix()
        if path.name == "actions.py" or rel in WRITE_ALLOWLIST:
            continue
        wrong.extend(f"{rel}:{line}: {code}" for line, code in _writes(ast.parse(path.read_text())))
    assert wrong == [], (
        "change domain objects only in an actions.py (or add the module to WRITE_ALLOWLIST with the reason):\n"
        + "\n".join(wrong)
    )


def test_the_write_check_finds_writes() -> None:
    """The check itself: it must see the writes it is meant to refuse."""
    code = ast.parse(
        "t.save()\nT.objects.create(a=1)\nT.objects.filter(a=1).update(b=2)\nqs.visible_to(u).delete()\n"
        "T.objects.bulk_create([])\ncursor.execute('UPDATE t')\nd.update(x=1)\nbook.save(out)\n"
    )
    assert [line for line, _ in _writes(code)] == [1, 2, 3, 4, 5, 6]


# Who acts ------------------------------------------------------------------------------

# ``acting_user`` is the user model, or None for the system (the demo build, periodic
# tasks). core and tenancy sit below accounts and cannot name it: they take Django's
# AbstractBaseUser, which the user model extends.
ACTING_USER_TYPES = {"User | None", "User"}
LOW_ACTING_USER_TYPES = {"AbstractBaseUser | None", "AbstractBaseUser"}


def _acting_user_problems(path: Path, tree: ast.Module) -> list[str]:
    allowed = LOW_ACTING_USER_TYPES if _owner(path) in {"core", "tenancy"} else ACTING_USER_TYPES
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        args = node.args
        positional = [a.arg for a in [*args.posonlyargs, *args.args]]
        keyword = {a.arg: a for a in args.kwonlyargs}
        where = f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.name}"
        if "acting_user" in positional:
            found.append(f"{where}: acting_user must be keyword-only (after *)")
        arg = keyword.get("acting_user") or next(
            (a for a in [*args.posonlyargs, *args.args] if a.arg == "acting_user"), None
        )
        if arg is None:
            continue
        annotation = ast.unparse(arg.annotation).strip("'\"") if arg.annotation else ""
        if annotation not in allowed:
            found.append(f"{where}: acting_user is typed {annotation or 'nothing'}, not {' or '.join(sorted(allowed))}")
    return found


def test_acting_user_is_keyword_only_and_the_user_model() -> None:
    wrong = []
    for path in _source_files():
        wrong.extend(_acting_user_problems(path, ast.parse(path.read_text())))
    assert wrong == [], "type acting_user as the user model, keyword-only (see docs/architecture.md):\n" + "\n".join(
        wrong
    )


def test_the_acting_user_check_finds_problems() -> None:
    path = PACKAGE / "finance" / "actions.py"
    code = ast.parse(
        "def a(x, *, acting_user: User | None): ...\n"
        "def b(x, *, acting_user: Any): ...\n"
        "def c(acting_user: User): ...\n"
        "def d(*, acting_user): ...\n"
    )
    problems = _acting_user_problems(path, code)
    assert [p.split(": ")[1] for p in problems] == ["b", "c", "d"]


# Models -------------------------------------------------------------------------------


def _samdrift_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("samdrift.") and not m._meta.auto_created]


def test_every_model_has_a_docstring() -> None:
    # Django writes "Name(field, ...)" into __doc__ when the class has none.
    missing = [
        m._meta.label
        for m in _samdrift_models()
        if not m.__doc__ or m.__doc__.startswith(f"{m.__name__}(") or "__doc__" not in m.__dict__
    ]
    assert missing == [], f"add a docstring to {missing}"


def test_every_scoped_model_declares_access_rules() -> None:
    scoped = {m._meta.label_lower for m in _samdrift_models() if hasattr(m, "tenant_paths")}
    assert scoped - set(RULES) == set(), "register(Model, ...) these in their app's access.py"
    assert set(RULES) - scoped == set(), "rules registered for models without tenant_paths"


def test_every_scoped_model_has_an_isolation_case() -> None:
    """No tenant model is skipped silently: each has a case in ``<app>/tests/isolation.py``
    (tested on its UI and API pages, its explicit URLs, and its queryset)."""
    covered = {case.model for case in all_cases()}
    scoped = {m for m in _samdrift_models() if hasattr(m, "tenant_paths")}
    assert {m._meta.label for m in scoped - covered} == set()
