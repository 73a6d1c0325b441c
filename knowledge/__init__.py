"""The knowledge base: catalogue records, importer, FAQ, directory, ward mapping and search."""
