"""Resources: one thin, typed method per endpoint descriptor, grouped by API family.

Each method validates what it can locally, then hands its values to
:meth:`nxwa.AsyncClient.request` with its descriptor; nothing here builds a request by hand.
The sync facade (:mod:`nxwa.sync`) is generated from these classes.
"""
