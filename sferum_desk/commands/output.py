import json
import sys


def print_json(value) -> None:
    """UTF-8 JSON on stdout whatever the console's code page (Windows cp866/cp1251)."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()
