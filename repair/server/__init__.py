"""`repair server`: a language server (LSP over stdio, with pygls) for editors.

Modules (segment spans as file offsets are :mod:`repair.formats.locate`'s):
:mod:`~repair.server.analysis` (one check of one version of a document, incremental),
:mod:`~repair.server.textedits` (a new text as minimal text edits),
:mod:`~repair.server.workspace` (settings per file, the ignore-rule writer) and
:mod:`~repair.server.app` (the pygls server: diagnostics, code actions, hover, commands).
"""
