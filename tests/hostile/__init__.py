"""Hostile input (issue #10), answers and batch half: each test feeds one input an attacker
or a broken pipeline could send and checks the one-line message, the exit code, that
stdout is empty or complete, and that no traceback escapes."""
