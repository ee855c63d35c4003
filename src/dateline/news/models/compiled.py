"""A query whose SQL Django compiles once per process, then runs with another page's key.

The query that loads a story for its page carries six subqueries (bylines, topics, picks,
corrections, similar stories, view restrictions). Django compiled them on every request: 1.4 ms
of the article's render against 0.1 ms for SQLite to answer (cProfile, 100,000 stories). The
queryset is built once per process already (``ArticlePageManager.built``); here its compiled
SQL is kept too, with the key as its one changing parameter, and each request gets a fresh
compiler with that state, so rows become pages exactly as Django's own iteration makes them.

This reaches into Django's SQL compiler (its ``as_sql`` and the state ``setup_query`` leaves:
``select``, ``klass_info``, ``annotation_col_map``, ``col_count``);
tests/news/test_compiled_queries.py fails if a Django upgrade changes what they mean.
"""

import copy
import threading

from django.db import connections

# Never a page's key: the compiled SQL's parameter that each run replaces.
PLACEHOLDER = -7_230_419


class CompiledOnce:
    def __init__(self, build):
        """``build`` gives the queryset (on first use, when the apps are ready); its rows are
        chosen by the key run() is given."""
        self.build = build
        self.queryset = None
        # (database alias, engine) → (set-up compiler, SQL, parameters, the key's index)
        self.compiled = {}
        self.compiling = threading.Lock()

    def run(self, key):
        """The model instances whose key is ``key``, as ``list(queryset.filter(pk=key))``."""
        if self.queryset is None:
            self.queryset = self.build().filter(pk=PLACEHOLDER)
        queryset = self.queryset.all()  # a copy, whose query may be given this run's compiler
        template, sql, params, index = self.compiled_for(queryset)
        compiler = copy.copy(template)
        compiler.connection = connections[queryset.db]
        run_params = (*params[:index], key, *params[index + 1:])
        compiler.as_sql = lambda *args, **kwargs: (sql, run_params)
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)

    def compiled_for(self, queryset):
        alias = queryset.db
        key = (alias, connections[alias].vendor)
        if key not in self.compiled:
            with self.compiling:
                compiler = queryset.query.get_compiler(using=alias)
                sql, params = compiler.as_sql()
                params = tuple(params)
                if params.count(PLACEHOLDER) != 1:
                    raise ValueError("The key must be the query's one parameter of its value.")
                self.compiled[key] = (compiler, sql, params, params.index(PLACEHOLDER))
        return self.compiled[key]
