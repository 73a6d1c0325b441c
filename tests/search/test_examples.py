"""Residents' example questions help the search recognise a situation told without the procedure's name."""

import numpy as np

from knowledge.search.examples import Example, ExampleMemory, load_examples


class AxisEmbedder:
    """Each known text is one axis: similarity 1 with itself, 0 with anything else."""

    name, dim = "axes", 4
    texts = ["khai sinh cho con", "sang ten xe", "mat so hong", "sang ten ho"]

    def embed_queries(self, texts):
        return np.stack([np.eye(self.dim, dtype=np.float32)[self.texts.index(text)] for text in texts])


def memory(tmp_path=None):
    examples = [Example("khai sinh cho con", ("1.001193",)), Example("sang ten xe", ("1.013076", "9.999999")),
                Example("mat so hong", ("1.012786",))]
    return ExampleMemory.build(examples, AxisEmbedder(), prepare=lambda text: text, cache_dir=tmp_path)


def test_each_procedure_gets_its_closest_example_and_unknown_codes_are_ignored(tmp_path):
    vector = AxisEmbedder().embed_queries(["sang ten xe"])[0]
    scores = memory(tmp_path).scores(vector, known={"1.001193", "1.013076", "1.012786"})
    assert scores == {"1.001193": 0.0, "1.013076": 1.0, "1.012786": 0.0}
    assert memory(tmp_path).scores(vector, known={"1.013076"}) == {"1.013076": 1.0}


def test_vectors_are_kept_per_text_so_another_catalogue_embeds_only_the_texts_it_prepares_differently(tmp_path):
    class Counting(AxisEmbedder):
        name, embedded = "axes-counted", []

        def embed_queries(self, texts):
            self.embedded.extend(texts)
            return super().embed_queries(texts)

    examples = [Example("khai sinh cho con", ("1.001193",)), Example("sang ten xe", ("1.013076",))]
    ExampleMemory.build(examples, Counting(), prepare=lambda text: text, cache_dir=tmp_path)
    ExampleMemory.build(examples, Counting(), prepare=lambda text: text.replace("xe", "ho"), cache_dir=tmp_path)
    assert Counting.embedded == ["khai sinh cho con", "sang ten xe", "sang ten ho"]
    assert len(list(tmp_path.glob("examples-*.npz"))) == 1  # one file, read by the next process


def test_the_shipped_examples_name_only_catalogue_codes(seed_documents):
    known = {document.code for document in seed_documents}
    examples = load_examples()
    assert len(examples) >= 600
    missing = {code for example in examples for code in example.codes} - known
    assert len(missing) <= 0.05 * len(examples)  # a few name procedures the shipped subset leaves out


def test_a_situation_told_in_residents_words_finds_its_procedure(search):
    # neither "sang tên" nor "đăng ký xe" is typed: only the story
    result = search.search("ba em mất rồi, chiếc xe máy vẫn đứng tên ba, giờ má em muốn đứng tên thì làm sao")
    assert result.hits[0].code == "1.013076"


def test_small_talk_still_falls_back(search):
    assert search.search("thoi tiet hom nay the nao").decision == "fallback"
