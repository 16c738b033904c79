"""The experiments behind the lab pages, on datasets that scikit-learn ships.

Each function returns its numbers; the lab notebooks plot them and assert
on them, and the tests run the same functions.
"""
