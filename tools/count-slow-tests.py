#!/usr/bin/env python3
"""Counts the test cases marked [Trait("Category", "slow")] under tests/ (facts and theory cases), for test.sh's
summary: the filter that leaves them out also hides them from dotnet test's own counts."""
import pathlib, re, sys

TRAIT = '[Trait("Category", "slow")]'
CASE = re.compile(r'^\s*\[(Fact|InlineData)\b')

def count(text: str) -> int:
    lines = text.splitlines()
    total = 0
    # class-level trait (column 0): every case of the class, up to its closing brace at column 0
    for i, line in enumerate(lines):
        if line.startswith(TRAIT):
            j = i + 1
            while j < len(lines) and not lines[j].startswith('}'):
                total += bool(CASE.match(lines[j]))
                j += 1
        elif line.strip() == TRAIT:
            # method-level: the attribute lines around it
            j = i
            while j > 0 and lines[j - 1].strip().startswith('['):
                j -= 1
            while j < len(lines) and lines[j].strip().startswith('['):
                total += bool(CASE.match(lines[j]))
                j += 1
    return total

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else 'tests')
print(sum(count(p.read_text(encoding='utf-8')) for p in root.rglob('*.cs') if '/bin/' not in str(p) and '/obj/' not in str(p)))
