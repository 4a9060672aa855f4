"""Self-test examples of the Python pack: (path, whole new file) pairs.

Positives must produce at least one finding of their rule; negatives must produce none.
They double as the rule's documentation of what is and is not reported.
"""

from __future__ import annotations

DEBUG_PRINT_POSITIVE: list[tuple[str, str]] = [
    ("src/app/service.py", "def total(items):\n    print(items)\n    return sum(items)\n"),
    ("src/app/views.py", "from pprint import pprint\n\ndef show(x):\n    pprint(x)\n"),
    ("app/models.py", "class A:\n    def save(self):\n        print ('saving', self)\n"),
    ("pkg/handler.py", "import pprint\nx = 1\npprint.pprint(x)\n"),
    ("pkg/tasks.py", "callback = lambda r: print(r)\n"),
    ("pkg/main.py", "def run():\n    x = 1; print(x)\n"),
]

DEBUG_PRINT_NEGATIVE: list[tuple[str, str]] = [
    ("tests/test_service.py", "def test_x():\n    print('debug')\n"),
    ("src/app/test/helpers.py", "print('ok')\n"),
    ("scripts/migrate.py", "print('migrating')\n"),
    ("tools/gen.py", "print('x')\n"),
    ("docs/conf.py", "print('x')\n"),
    ("examples/demo.py", "print('x')\n"),
    ("benchmarks/bench_x.py", "print('x')\n"),
    ("src/app/cli.py", "print('usage')\n"),
    ("src/app/__main__.py", "print('x')\n"),
    ("conftest.py", "print('x')\n"),
    ("setup.py", "print('x')\n"),
    ("manage.py", "print('x')\n"),
    ("noxfile.py", "print('x')\n"),
    ("src/app/test_utils.py", "print('x')\n"),
    ("src/app/utils_test.py", "print('x')\n"),
    (
        "src/app/run.py",
        "def main():\n    return 1\n\nif __name__ == '__main__':\n    print(main())\n",
    ),
    ("src/app/a.py", "# print('debug')\nx = 1  # print(x)\n"),
    ("src/app/b.py", "MSG = 'call print(x) to debug'\nOTHER = \"pprint(y)\"\n"),
    (
        "src/app/c.py",
        'def f():\n    """Example:\n\n    print(f())\n    """\n    return 1\n',
    ),
    ("src/app/d.py", "class Doc:\n    def print(self):\n        return self.render()\n"),
    (
        "src/app/e.py",
        "printer = make()\nprinter(1)\nself.print(2)\nblueprint('x')\nreprint(3)\nsprint_x(1)\n",
    ),
    ("src/app/f.py", "doc.print()\nlogger.info('x')\nfingerprint(x)\nprint_report(x)\n"),
    ("src/app/g.txt", "print('not python')\n"),
    ("src/app/h.py", 'SQL = """\nselect 1;\nprint(x)\n"""\n'),
    ("src/app/i.py", "value = f'{x!r} print(y)'\n"),
]

DEBUGGER_POSITIVE: list[tuple[str, str]] = [
    ("src/app/a.py", "import pdb\n\ndef f():\n    pdb.set_trace()\n"),
    ("src/app/b.py", "def f():\n    breakpoint()\n"),
    ("src/app/c.py", "import ipdb; ipdb.set_trace()\n"),
    ("src/app/d.py", "import pudb\npudb.set_trace()\n"),
    ("src/app/e.py", "__import__('pdb').set_trace()\n"),
    ("src/app/f.py", '__import__("ipdb").set_trace()\n'),
    ("tests/test_x.py", "def test_x():\n    breakpoint()\n"),
    ("src/app/g.py", "from pdb import set_trace\nset_trace()\n"),
    ("src/app/h.py", "import pdb\npdb.Pdb().set_trace()\n"),
    ("src/app/i.py", "x = 1; import pdb; pdb.set_trace()  # stop here\n"),
    ("src/app/j.py", "import debugpy\ndebugpy.breakpoint()\n"),
    ("src/app/k.py", "from remote_pdb import RemotePdb\nRemotePdb('0.0.0.0', 4444).set_trace()\n"),
    ("src/app/l.py", "try:\n    run()\nexcept Exception:\n    pdb.post_mortem()\n"),
]

DEBUGGER_NEGATIVE: list[tuple[str, str]] = [
    ("src/app/a.py", "# pdb.set_trace()\n# breakpoint()\n"),
    ("src/app/b.py", "HELP = 'use breakpoint() to debug'\nX = \"pdb.set_trace()\"\n"),
    ("src/app/c.py", 'def f():\n    """Call breakpoint() here."""\n    return 1\n'),
    ("src/app/d.py", "def breakpoint(self):\n    return 1\n"),
    ("src/app/e.py", "debugger.set_breakpoint(1)\nself.breakpoint()\nset_breakpoint(3)\n"),
    ("src/app/f.py", "my_breakpoint()\nhas_breakpoint = True\ntracer.set_trace_id(1)\n"),
    ("config/settings.yaml", "breakpoint(): true\n"),
    ("src/app/g.py", "import pdb  # used for post-mortem in the REPL helper below\n"),
]


def _long(n_body: int, decorators: int = 0, path: str = "src/app/long.py") -> tuple[str, str]:
    head = "".join("@decorator\n" for _ in range(decorators))
    body = "".join(f"    x{i} = {i}\n" for i in range(n_body))
    return (path, f"{head}def handler(request):\n{body}    return x0\n")


LONG_POSITIVE: list[tuple[str, str]] = [
    _long(50),  # def + 50 + return = 52 lines
    (
        "src/app/methods.py",
        "class A:\n    async def run(self):\n"
        + "".join(f"        y{i} = {i}\n" for i in range(55))
        + "        return y0\n",
    ),
]

LONG_NEGATIVE: list[tuple[str, str]] = [
    _long(48),  # exactly 50 lines: allowed
    _long(48, decorators=5, path="src/app/decorated.py"),
    (
        "src/app/short.py",
        "def a():\n    return 1\n\n" + "".join(f"CONST_{i} = {i}\n" for i in range(80)),
    ),
]
