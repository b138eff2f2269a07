"""The knowledge base: document text extraction, chunking, BM25 retrieval with citations."""
