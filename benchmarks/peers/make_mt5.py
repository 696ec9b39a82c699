"""Write a random-init Hugging Face MT5 at T5 PEGASUS dimensions, and its CTranslate2 float32 conversion.

Runs in the peer venv (torch CPU build, transformers, ctranslate2), not the project's:

    /tmp/peers/bin/python benchmarks/peers/make_mt5.py --d-model 512 --d-ff 1024 --layers 8 --heads 6 \
        --vocab 50000 --out DIR

Writes DIR/hf (save_pretrained, safetensors) and DIR/ct2 (TransformersConverter, float32). The CTranslate2
converter wants a tokenizer, which a random-init model lacks: it is handed one with unique token names
(`<pad>`, `</s>`, `<unk>`, then `t3` ... `t{V-1}`), so that a source token `t{id}` is exactly id `id`.
transformers 5.x forces MT5's `tie_word_embeddings=True` (T5 PEGASUS's LM head is untied): use 4.x. Prints one JSON line: parameter count, float32 bytes, versions.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--d-model", type=int, required=True)
    ap.add_argument("--d-kv", type=int, default=64)
    ap.add_argument("--d-ff", type=int, required=True)
    ap.add_argument("--layers", type=int, required=True)
    ap.add_argument("--heads", type=int, required=True)
    ap.add_argument("--vocab", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--skip-ct2", action="store_true")
    args = ap.parse_args(argv)

    import torch
    import transformers
    from transformers import MT5Config, MT5ForConditionalGeneration

    torch.manual_seed(args.seed)
    config = MT5Config(d_model=args.d_model, d_kv=args.d_kv, d_ff=args.d_ff, num_layers=args.layers,
                       num_decoder_layers=args.layers, num_heads=args.heads, vocab_size=args.vocab,
                       feed_forward_proj="gated-gelu", tie_word_embeddings=False)
    model = MT5ForConditionalGeneration(config).eval()
    if model.lm_head.weight.data_ptr() == model.shared.weight.data_ptr():
        # transformers 5.x's MT5Config forces tie_word_embeddings=True; T5 PEGASUS (and the issue) is untied.
        raise SystemExit(f"transformers {transformers.__version__} ties MT5's LM head to the embedding "
                         "despite tie_word_embeddings=False; use transformers 4.x (4.57.6 was used)")
    params = sum(p.numel() for p in model.parameters())
    hf_dir = args.out / "hf"
    if hf_dir.exists():
        shutil.rmtree(hf_dir)
    model.save_pretrained(str(hf_dir))
    info = {"params": params, "fp32_bytes": params * 4, "torch": torch.__version__, "transformers": transformers.__version__}
    if not args.skip_ct2:
        import ctranslate2
        from ctranslate2.converters import TransformersConverter

        vocab = ["<pad>", "</s>", "<unk>"] + [f"t{i}" for i in range(3, args.vocab)]

        class _Vocab:  # a random-init model has no SentencePiece file: give the converter unique names
            pad_token, eos_token, unk_token = "<pad>", "</s>", "<unk>"

            def get_vocab(self):
                return {t: i for i, t in enumerate(vocab)}

            def convert_ids_to_tokens(self, i):
                return vocab[i]

        class _Converter(TransformersConverter):
            def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
                return _Vocab()

        ct2_dir = args.out / "ct2"
        _Converter(str(hf_dir)).convert(str(ct2_dir), force=True)  # float32: no quantization
        info["ctranslate2"] = ctranslate2.__version__
    print(json.dumps(info), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
