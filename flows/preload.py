"""Imported by the readers' fork server only (see flows.steps): loads jieba's dictionary and the
parsers' catalogs once, about a second, and reads a made-up plan once, so that each reader forked
from it starts with them loaded and with what the first document would cost in it (lazy imports
such as cn2an's, regular expressions compiled and look-ups cached on first use: 50-200 ms a file)."""
import gc

from extractors.model import Block, BlockKind, Cell, Document, Format
from extractors.tables import build_table
from flows import worker
from parsers.facts import prepare

# a sentence and a table in the shape of a plan, nothing from a real one
_WARM_UP_TEXT = "2026年计划新开工保障性住房一千二百套、建筑面积约5.6万平方米，完成投资3亿元。"
_WARM_UP_CELLS = [Cell(0, 0, "区域"), Cell(0, 1, "新开工（套）"), Cell(0, 2, "竣工面积（万平方米）"),
                  Cell(1, 0, "合计"), Cell(1, 1, "1,200"), Cell(1, 2, "5.6")]


def warm_up() -> None:
    table = build_table(_WARM_UP_CELLS, "表1 年度住房建设计划")
    document = Document("warm-up", "0" * 64, Format.TXT, (
        Block(BlockKind.HEADING, 0, "一、年度目标"), Block(BlockKind.PARAGRAPH, 1, _WARM_UP_TEXT),
        Block(BlockKind.TABLE, 2, table.text(), table=table)))
    worker.read_document(document, "warm-up")


prepare()
warm_up()
# what is loaded now lives as long as every reader: out of the collector's passes, which would
# otherwise walk it (and copy its pages into each reader) at every collection
gc.collect()
gc.freeze()
