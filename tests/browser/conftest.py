# Browser fixtures live in tests/browser_support.py, registered once for the whole suite by tests/conftest.py
# (one Playwright instance per test process: a second sync_playwright() in the same thread fails).
