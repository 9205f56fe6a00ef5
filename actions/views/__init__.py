"""The progress pages, one module per family: progress (dashboard, finding), action (the
list, an action and its in-place edits), records (measures and plans), packs (board packs
and the readiness letter), evaluation (the partnership's self-evaluation of an area)."""
