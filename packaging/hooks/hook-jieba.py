# jieba's dictionary (dict.txt) and HMM tables (finalseg) only: the app uses jieba.Tokenizer, never
# jieba.analyse (6 MB idf table), jieba.posseg (5 MB) or lac_small (paddle's model, 13 MB).
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files(
    "jieba", excludes=["lac_small", "lac_small/**", "analyse/**", "posseg/**", "**/__pycache__"]
)
excludedimports = ["jieba.lac_small", "jieba.analyse", "jieba.posseg", "paddle"]
