"""The page benchmark's parts (`manage.py benchmark_pages`): its scratch database, the pages
it requests, its timing loops and its baseline URLs. Development only, like the devtools app."""
