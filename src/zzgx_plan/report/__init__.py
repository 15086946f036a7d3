"""`plan report`: what goes into the periodic report (content), the document built from it (compose), the
date of the data it states (datastamp) and the one function that makes its bytes (generate)."""
