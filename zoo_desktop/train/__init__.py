"""Fine-tuning the zoo's models on the user's data, and importing models fine-tuned elsewhere.

Parent side (no TensorFlow): `runner` (`train_classifier`, `train_summarizer`, `import_finetuned`),
`data` (reading and checking TSV/CSV files), `recipes` (the zoo scripts' hyper-parameters), `progress`
(`TrainProgress` events). Child side (TensorFlow, in `python -m zoo_desktop.train.child`): `child`,
`loop` (epochs, checkpoints, resume), `keras_models` (the scripts' bert4keras models; weights back to
releases), `parity` (classifier.onnx against Keras). The ONNX classifier graph: `export.classifier`.
"""
