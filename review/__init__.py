"""`planetl review`: a local web page over the warehouse for checking figures in their source and
recording what a person decided (Datasette-style: routes that run SQL and render Jinja2 templates)."""
