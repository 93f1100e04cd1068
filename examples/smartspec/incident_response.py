"""A stand-in for SmartSpec's incident-response workflow, for the example.

Called as `incident_response.py --alert-payload '<json>'`; files each alert under
`.spec/reports/incidents/` (the folder SmartSpec's incident response owns) and prints one line.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--alert-payload", required=True)
    alert = json.loads(ap.parse_args().alert_payload)
    folder = Path(".spec/reports/incidents")
    folder.mkdir(parents=True, exist_ok=True)
    n = len(list(folder.glob("*.json"))) + 1
    (folder / f"{n:04d}-{alert['status']}.json").write_text(json.dumps(alert, indent=2) + "\n")
    print(f"{alert['severity']} {alert['status']}: {alert['metric']} at {alert['current']}")


if __name__ == "__main__":
    main()
