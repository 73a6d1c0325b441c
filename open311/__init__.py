"""Open311 GeoReport v2 for urban-order reports: API keys, resources, JSON and XML (the web side is webapp/open311.py).

docs/OPEN311.md lists the endpoints, how keys are managed and how reports map to service requests.
"""
