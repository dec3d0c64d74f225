"""Write or check the event contracts (AsyncAPI 3.0): the internal one generated from
shared/events/catalog.py, and with --partner what partners receive
(services/notifications/domain/partner_contract.py).

python -m tools.asyncapi --out docs/asyncapi.json                     (what `make docs` runs)
python -m tools.asyncapi --partner --out docs/partner-asyncapi.json   (and this)
python -m tools.asyncapi --check docs/asyncapi.json                   (exit 1 when it is out of date)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.notifications.domain import partner_contract
from shared.events.asyncapi import build_document, render

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "docs" / "asyncapi.json"
PARTNER_OUT = DEFAULT_OUT.with_name("partner-asyncapi.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="write the document here")
    parser.add_argument("--check", type=Path, help="exit 1 when this file differs from the generated document")
    parser.add_argument("--partner", action="store_true", help="the partner contract instead of the internal one")
    args = parser.parse_args(argv)
    text = partner_contract.render(partner_contract.document()) if args.partner else render(build_document())
    if args.check:
        current = args.check.read_text() if args.check.exists() else ""
        if current != text:
            print(f"{args.check} is out of date with the models: run `make docs`", file=sys.stderr)
            return 1
        return 0
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
