"""E-mail: the outbox (:mod:`.outbox`), the sender and its backends (:mod:`.sender`, :mod:`.backends`),
rendering (:mod:`.render`, :mod:`.ics`), due times (:mod:`.schedule`) and signed link tokens (:mod:`.tokens`).

The pages behind the mail links are in :mod:`web.views.mail_pages`.
"""
