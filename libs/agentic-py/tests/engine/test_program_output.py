"""Debug prints: a command-line program's output is not a leftover (issue 12, item 5)."""

from __future__ import annotations

import pytest
from aura_agentic.engine import audit_diff
from aura_agentic.engine.selftest import new_file_diff
from aura_agentic.rules.program_output import package_scripts, python_entry_modules


def rules(text: str, path: str) -> list[str]:
    return [f.rule_id for f in audit_diff(new_file_diff(path, text)).findings]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("pkg/cli_app.py", "import click\n\n@click.command()\ndef go():\n    print('done')\n"),
        (
            "pkg/app.py",
            "import typer\napp = typer.Typer()\n\n@app.command()\ndef hi():\n    print('hi')\n",
        ),
        (
            "pkg/tool.py",
            "import argparse\n\ndef run():\n    p = argparse.ArgumentParser()\n    print(p)\n",
        ),
        ("pkg/tool.py", "import sys\n\ndef run():\n    print(sys.argv[1])\n"),
        ("pkg/job.py", "#!/usr/bin/env python3\nprint('running')\n"),
        ("pkg/deploy.py", "import sys\nprint('deploying')\nsys.exit(main())\n"),
        ("app/management/commands/seed.py", "def handle():\n    print('seeded')\n"),
        ("app/migrations/0002_data.py", "def forwards(apps, schema):\n    print('moving')\n"),
        ("alembic/versions/ab12_add.py", "def upgrade():\n    print('upgrading')\n"),
        ("pkg/bin/run.py", "print('x')\n"),
        ("pkg/grammar.py", "class G:\n    def dump(self):\n        print(self.states)\n"),
        ("pkg/lib.py", "def print_table(rows):\n    for r in rows:\n        print(r)\n"),
        ("pkg/lib.py", "def main():\n    print('usage: lib FILE')\n"),
        ("pkg/util.py", "import sys\n\ndef warn(msg):\n    print(msg, file=sys.stderr)\n"),
        ("pkg/util.py", "def save(out):\n    print(\n        'x',\n        file=out,\n    )\n"),
        ("pkg/debug.py", "def fmt(v):\n    v = pprint(v)\n    return v\n"),
        ("pkg/grammar.py", "class G:\n    def report(self):\n        print(self.labels)\n"),
        ("app/sites/management.py", "def create_defaults():\n    print('creating')\n"),
        ("pkg/auth.py", "def ask(url):\n    print('Open', url)\n    code = input('code: ')\n"),
        ("pkg/debug.py", "def dump(frame, out):\n    pprint(frame.f_locals, stream=out)\n"),
        ("example_compute.py", "nodes = driver.list_nodes()\nprint(nodes)\n"),
        ("t/smoke/signals.py", "def on_ready(**kw):\n    print('ready')\n"),
        (
            "pkg/timer.py",
            "def start(self):\n    if TIMER_DEBUG:\n        print('- Timer starting')\n",
        ),
    ],
)
def test_cli_output_is_not_a_debug_print(path, text):
    assert "python/debug-print" not in rules(text, path)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("pkg/service.py", "def charge(order):\n    print(order)\n    return order.total\n"),
        ("pkg/views.py", "def show(request):\n    print(request.GET)\n"),
        ("pkg/models.py", "class A:\n    def save(self):\n        print('saving')\n"),
        # a module that merely mentions click in a string is still a library
        ("pkg/docs.py", "HELP = 'see click docs'\n\ndef f(x):\n    print(x)\n"),
        # the output function's name must be the def's, not a call inside it
        ("pkg/api.py", "def handler(event):\n    dump_state()\n    print(event)\n"),
        # a view called `report` is a view, not an object's report method
        ("pkg/views.py", "def report(request):\n    print(request.user)\n"),
    ],
)
def test_library_and_service_prints_are_still_reported(path, text):
    assert "python/debug-print" in rules(text, path)


def test_entry_points_of_the_repository_make_a_module_a_program(git_repo):
    git_repo.write(
        "pyproject.toml",
        '[project]\nname = "acme"\n[project.scripts]\nacme = "acme.console:main"\n',
    )
    git_repo.write(
        "setup.cfg", "[options.entry_points]\nconsole_scripts =\n    old = acme.legacy:run\n"
    )
    git_repo.write(
        "src/acme/console.py",
        "def main():\n    x = 1\n    print(x)\n\ndef other():\n    print(2)\n",
    )
    git_repo.write("src/acme/legacy.py", "def run():\n    print(1)\n")
    git_repo.write("src/acme/core.py", "def work():\n    print(3)\n")
    report = audit_diff(git_repo.diff(), repo_root=git_repo.root)
    printed = {f.path for f in report.findings if f.rule_id == "python/debug-print"}
    assert printed == {"src/acme/core.py"}
    assert "src/acme/console.py" in python_entry_modules(str(git_repo.root))


def test_package_json_bin_and_scripts_make_js_files_programs(git_repo):
    git_repo.write(
        "web/package.json",
        '{"bin": {"acme": "./cli.js"}, "scripts": {"gen": "node ./gen/make.mjs --fast"}}',
    )
    for name in ("web/cli.js", "web/gen/make.mjs", "web/lib/util.js"):
        git_repo.write(name, "console.log('hello');\n")
    report = audit_diff(git_repo.diff(), repo_root=git_repo.root)
    logged = {f.path for f in report.findings if f.rule_id == "js/console-log"}
    assert logged == {"web/lib/util.js"}
    assert package_scripts(str(git_repo.root), "web/lib") == frozenset(
        {"web/cli.js", "web/gen/make.mjs"}
    )


@pytest.mark.parametrize(
    "path",
    [
        "webpack.config.js",
        "vite.config.ts",
        "config/rollup.config.mjs",
        ".eslintrc.cjs",
        "gulpfile.js",
        "src/logging/consoleSink.ts",
        "lib/createConsoleLogger.js",
        "src/logger.ts",
        "dist/app.js",
        "public/vendor.min.js",
        "locale/fr/cdn.js",
        "_lib/cdnPolyfill.js",
        "internal/legacy-cli.mjs",
    ],
)
def test_js_configs_logger_sinks_and_bundles_may_log(path):
    assert "js/console-log" not in rules("console.log('x');\n", path)


def test_js_prompt_text_is_part_of_the_dialogue():
    text = "console.log('Share usage data?');\nconst { answer } = await inquirer.prompt([q]);\n"
    assert rules(text, "src/analytics.js") == []


@pytest.mark.parametrize("path", ["src/app.ts", "src/components/Dialog.tsx", "lib/catalog.js"])
def test_js_application_code_is_still_reported(path):
    assert rules("console.log('x');\n", path) == ["js/console-log"]


@pytest.mark.parametrize(
    "text",
    [
        "class Runner:\n    def debug(self, error):\n        pdb.post_mortem(error)\n",
        "def handle(opts):\n    if opts.pdb:\n        pdb.post_mortem(tb)\n",
        "def install_rdb_handler():\n    def rdb_handler(*a):\n        set_trace(a[1])\n",
        "def test_rdb():\n    assert set_trace(Mock())\n",
    ],
)
def test_a_debugging_feature_is_not_a_forgotten_breakpoint(text):
    assert "python/debugger" not in rules(text, "pkg/runner.py")


def test_a_forgotten_breakpoint_is_still_reported():
    text = "def charge(order):\n    if order.total > 100:\n        breakpoint()\n"
    assert rules(text, "pkg/billing.py") == ["python/debugger"]
