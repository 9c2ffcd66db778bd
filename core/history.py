"""The audit trail's historical records, with the index its readers need.

django-simple-history indexes a historical table by its own key, the object's id and
the date. The activity feed and a workstream's history ask, for each record they show,
"this object's record just before this one": with an index on (object id, date, history
id) that is one index probe, whatever the number of records the object has.
"""

from django.db import models
from simple_history.models import HistoricalRecords as SimpleHistoricalRecords


class HistoricalRecords(SimpleHistoricalRecords):
    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        predecessor = models.Index(
            fields=[model._meta.pk.attname, "history_date", "history_id"],
            name=f"hist_{model._meta.model_name[:20]}_obj",
        )
        meta["indexes"] = (*meta.get("indexes", ()), predecessor)
        return meta
