"""The web portal (``tanhe serve``, DESIGN 8): pages for enterprises, verifiers and regulators over
the same public API and store as the command line.

Its parts: :mod:`.config` (settings, no secret in the repository), :mod:`.passwords` (argon2),
:mod:`.scope` (who may see what, decided in one place), :mod:`.work` (uploads processed by worker
processes, off the request), :mod:`.stored` (what pages read of the store), :mod:`.app` (the Flask
application: sessions, CSRF, login rate limit, headers), :mod:`.pages` (signing in, the enterprise,
one enterprise-year, uploads) and :mod:`.oversight` (the verifier and the regulator);
:mod:`.serve` runs it on Waitress. Accounts and assignments are records of the store
(:mod:`accounting.store.accounts`), managed with ``tanhe users``.
"""
