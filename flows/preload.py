"""Imported by the readers' fork server only (see flows.steps): loads jieba's dictionary and the
parsers' catalogs once, about a second, so that each reader forked from it starts with them."""
from parsers.facts import prepare

prepare()
