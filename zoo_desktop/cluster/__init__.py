"""Batch jobs on a Ray cluster (`zoo batch --cluster`), Ray Data doing the distribution.

Ray is imported only inside this package's functions, and only when a job asks for a cluster: the in-process
batch job (zoo_desktop.tasks.batch) never touches it. Modules: `address` (what --cluster names), `session`
(connecting, authentication, resource checks), `shipping` (the model package to the nodes and their cache),
`worker` (the actor that runs the task on a batch of documents), `pipeline` (the Ray Data dataset and its
results), `job` (journal, output and order, as the in-process job).
"""
