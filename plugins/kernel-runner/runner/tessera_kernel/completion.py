"""Code completion over the kernel's interactive namespace (the `complete` op)."""

import re
import rlcompleter

_TRAILING_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*$")
MAX_SUGGESTIONS = 100


def complete(namespace, request):
    """request: {"code": text up to the cursor, "options": {...}}; returns a list of suggestions."""
    code = request.get("code", "") if isinstance(request, dict) else str(request or "")
    match = _TRAILING_NAME.search(code)
    if not match:
        return []
    completer = rlcompleter.Completer(namespace)
    suggestions = []
    try:
        state = 0
        while len(suggestions) < MAX_SUGGESTIONS:
            suggestion = completer.complete(match.group(0), state)
            if suggestion is None:
                break
            if suggestion not in suggestions:
                suggestions.append(suggestion)
            state += 1
    except Exception:  # noqa: BLE001 - the namespace can change under us; completion is best effort
        pass
    return suggestions
