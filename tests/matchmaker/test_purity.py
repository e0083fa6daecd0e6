"""The engine imports no web framework, database layer or web package."""

import subprocess
import sys

CODE = """
import sys
import matchmaker, matchmaker.pipeline, matchmaker.reader, matchmaker.matching, matchmaker.rounds
import matchmaker.scoring, matchmaker.explain, matchmaker.synthetic, matchmaker.cli
bad = sorted(m for m in sys.modules
             if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy', 'web', 'api'))
assert not bad, bad
"""


def test_engine_imports_nothing_from_the_web_side():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
