"""In-memory export and bulk import (`TransferRepository`)."""

from collections.abc import Iterable, Iterator

from customers.domain.entities import Customer, CustomerFields
from customers.domain.errors import DuplicatePhoneNumber
from customers.domain.queries import CustomerQuery
from customers.tests.fakes.book import OnBook
from customers.tests.fakes.find import matching


class InMemoryTransfer(OnBook):
    def iterate(self, *, owner_id: int, query: CustomerQuery, chunk_size: int = 2000) -> Iterator[Customer]:
        yield from matching(self.book, owner_id, query)

    def active_phones(self, *, owner_id: int) -> set[str]:
        return {c.phone_number for c in self.book.active(owner_id)}

    def add_many(self, *, owner_id: int, actor_id: int, fields: list[CustomerFields]) -> int:
        phones = [item.phone_number for item in fields]
        if len(set(phones)) != len(phones) or set(phones) & self.active_phones(owner_id=owner_id):
            raise DuplicatePhoneNumber()
        for item in fields:
            self.book.add(owner_id, actor_id, item)
        return len(fields)

    def add_batches(self, *, owner_id: int, actor_id: int, batches: Iterable[list[CustomerFields]]) -> int:
        # All or nothing: nothing is stored until the last batch has been read.
        everything = [item for batch in batches for item in batch]
        return self.add_many(owner_id=owner_id, actor_id=actor_id, fields=everything)
