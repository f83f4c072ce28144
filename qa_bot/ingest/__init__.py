"""Reading articles from files and cutting them into chunks."""
