"""Writers turn a `Book` into output bytes: xhtml (shared), epub, pdf."""
