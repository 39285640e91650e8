import logging

from common.request_context import current_request_id


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request it was logged under."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
