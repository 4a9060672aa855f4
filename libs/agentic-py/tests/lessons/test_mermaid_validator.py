"""The structural Mermaid validator accepts good diagrams and names what is wrong in bad ones."""

from __future__ import annotations

import pytest
from aura_agentic.lessons.mermaid import mermaid_blocks, validate_mermaid

GOOD = [
    "flowchart LR\n    A[start] --> B{ok?}\n    B -->|yes| C[done]\n    B -.->|no| D((retry))",
    'graph TD\n  A & B --> C[(db)]\n  C -- reads --> D["quoted (fine)"]\n  subgraph s\n  E --> F\n  end',
    "sequenceDiagram\n  participant A as Alice\n  A->>B: hi\n  B-->>A: hello\n"
    "  loop every minute\n    A-)B: ping\n  end\n  Note over A,B: done",
    "stateDiagram-v2\n  [*] --> Idle\n  Idle --> Running : start\n  Running --> [*]\n"
    '  state "Busy" as Running',
    "classDiagram\n  class Repo {\n    +get(id) Model\n  }\n  Repo <|-- TeamRepo\n"
    "  TeamRepo : +list()",
]

BAD = [
    ('pie title Pets\n  "Dogs" : 3', "unknown diagram type"),
    ("flowchart\n  A --> B", "direction"),
    ("flowchart LR\n  A[] --> B", "empty node"),
    ("flowchart LR\n  A[open --> B", "unclosed"),
    ("flowchart LR\n  A -> B", "malformed arrow"),
    ("flowchart LR\n  A -->", "without a target"),
    ("flowchart LR\n  A -->|| B", "empty edge label"),
    ("flowchart LR\n  A[call f(x)] --> B", "quote the label"),
    ("flowchart LR\n  A[x] --> B)", "unbalanced"),
    ("sequenceDiagram\n  A->>B hi", "not a message"),
    ("sequenceDiagram\n  loop forever\n  A->>B: x", "without 'end'"),
    ("stateDiagram-v2\n  Idle -> Running", "not a state transition"),
    ("classDiagram\n  A <|-- ", "not a class relation"),
    ("flowchart LR", "no statements"),
]


@pytest.mark.parametrize("source", GOOD)
def test_accepts_well_formed_diagrams(source):
    assert validate_mermaid(source) == []


@pytest.mark.parametrize(("source", "problem"), BAD)
def test_rejects_broken_diagrams(source, problem):
    problems = validate_mermaid(source)
    assert any(problem in p for p in problems), problems


def test_extracts_fenced_blocks():
    text = "x\n```mermaid\nflowchart LR\n  A --> B\n```\ny\n```python\nprint()\n```\n"
    assert mermaid_blocks(text) == ["flowchart LR\n  A --> B\n"]
