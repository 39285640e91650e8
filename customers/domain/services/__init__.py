"""The customer services, one module per concern, in the manner of selectors that read and
services that change:

- `records`: active customers (`RecordSelector`, `RecordService`), with `fields` (the field rules)
- `find`: search, filters, ordering, possible duplicates (`FindSelector`)
- `trash`: soft-deleted customers and restoring them (`TrashSelector`, `TrashService`)
- `history`: who changed what and when (`HistorySelector`)
- `transfer`: CSV export and import (`ExportSelector`, `ImportService`)
- `personal_data`: access and erasure (`PersonalDataSelector`, `ErasureService`)

The edges call `customer_service()`, a `CustomerService` (`facade`) composed of all of them.
"""

from customers.domain.entities import EDITABLE_FIELDS
from customers.domain.services.facade import CustomerService
from customers.domain.services.transfer import IMPORT_BATCH_SIZE

__all__ = ["EDITABLE_FIELDS", "IMPORT_BATCH_SIZE", "CustomerService"]
