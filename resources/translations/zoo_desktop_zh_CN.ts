<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BatchPage</name>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="327"/>
        <location filename="../../zoo_desktop/app/batch_page.py" line="679"/>
        <source>Batch</source>
        <translation>批量处理</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="329"/>
        <source>Run one task over many files and folders and save every result in one file. A file that cannot be read is reported and skipped; a stopped run can be resumed.</source>
        <translation>对多个文件和文件夹执行同一任务，并把所有结果保存到一个文件中。无法读取的文件会被报告并跳过；中途停止的运行可以继续。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="331"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="332"/>
        <source>Files and folders to process (folders: every .txt, .md, .docx, .pdf and .html file inside)</source>
        <translation>要处理的文件和文件夹（文件夹：处理其中所有 .txt、.md、.docx、.pdf 和 .html 文件）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="333"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="334"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="335"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="336"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="337"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="338"/>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="339"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="340"/>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="341"/>
        <source>Summarizer:</source>
        <translation>摘要方式：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="342"/>
        <source>Built-in extractive summarizer (no model)</source>
        <translation>内置抽取式摘要（无需模型）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="343"/>
        <location filename="../../zoo_desktop/app/batch_page.py" line="345"/>
        <source>Summary length:</source>
        <translation>摘要长度：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="344"/>
        <source> characters</source>
        <translation> 字</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="346"/>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="347"/>
        <source>Beam size:</source>
        <translation>束宽：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="348"/>
        <source>Candidates kept while writing the summary: more can read better but takes longer</source>
        <translation>生成摘要时保留的候选数：越多，摘要可能越通顺，但耗时更长</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="349"/>
        <source>Decode together:</source>
        <translation>同时解码：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="350"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="351"/>
        <source> documents</source>
        <translation> 篇文档</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="352"/>
        <source>Documents summarized at the same time: many together are much faster than one by one and give the same summaries. Automatic chooses from the model&apos;s size and the free memory.</source>
        <translation>同时生成摘要的文档数：多篇一起处理比逐篇处理快得多，且摘要完全相同。“自动”会根据模型大小和可用内存来选择。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="353"/>
        <source>Classifier:</source>
        <translation>分类模型：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="354"/>
        <source>Open Models</source>
        <translation>打开“模型”页面</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="355"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="356"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="358"/>
        <source>CSV table (.csv)</source>
        <translation>CSV 表格 (.csv)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="359"/>
        <source>JSON lines (.jsonl)</source>
        <translation>JSON Lines 格式 (.jsonl)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="360"/>
        <source>One .txt file per document, in a folder</source>
        <translation>每个文档一个 .txt 文件，存放在同一文件夹中</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="364"/>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="365"/>
        <source>Choose where to save the results</source>
        <translation>选择结果的保存位置</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="366"/>
        <location filename="../../zoo_desktop/app/batch_page.py" line="382"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="367"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="368"/>
        <source>Process every file from the start, replacing an earlier output</source>
        <translation>从头处理所有文件，并替换之前的输出</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="369"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="370"/>
        <source>Finish the stopped run without redoing the files it finished</source>
        <translation>完成已停止的运行，不重新处理已完成的文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="371"/>
        <source>Open output folder</source>
        <translation>打开输出文件夹</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="372"/>
        <source>Run on</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="373"/>
        <source>Run on:</source>
        <translation>运行位置：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="374"/>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="375"/>
        <source>Ray cluster (address)</source>
        <translation>Ray 集群（地址）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="376"/>
        <source>Where the documents are processed: here, or on the nodes of a Ray cluster (the files are still read and the results written on this computer)</source>
        <translation>文档在哪里处理：本机，或 Ray 集群的各个节点（文件仍在本机读取，结果仍写在本机）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="377"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="378"/>
        <source>HOST:PORT of the cluster&apos;s head, or local:N</source>
        <translation>集群头节点的 HOST:PORT，或 local:N</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="379"/>
        <source>The head&apos;s address, e.g. 10.0.0.5:6379 (this computer must be a node of that cluster), or local:N for a private Ray with N workers on this computer</source>
        <translation>头节点的地址，例如 10.0.0.5:6379（本机必须是该集群的一个节点），或用 local:N 在本机启动一个有 N 个工作进程的私有 Ray</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="380"/>
        <source>Token file:</source>
        <translation>令牌文件：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="381"/>
        <source>Optional: the cluster&apos;s authentication token</source>
        <translation>可选：集群的认证令牌</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="395"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="395"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="395"/>
        <source>Seconds</source>
        <translation>耗时（秒）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="395"/>
        <source>Result or error</source>
        <translation>结果或错误</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="398"/>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="398"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="398"/>
        <source>resumed</source>
        <translation>此前已完成</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="431"/>
        <source>Classifying needs a fine-tuned classifier: a RoBERTa or WoBERT model trained on your labelled texts (Train page) and converted to ONNX. None is installed yet.</source>
        <translation>分类需要一个微调过的分类模型：用你已标注的文本（在“训练”页面）训练的 RoBERTa 或 WoBERT 模型，并转换为 ONNX。目前尚未安装任何分类模型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="454"/>
        <source>The cluster&apos;s token file</source>
        <translation>集群的令牌文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="454"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="476"/>
        <source>Added %1 to the batch</source>
        <translation>已向批量处理添加 %1 项</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="498"/>
        <source>Add files to the batch</source>
        <translation>向批量处理添加文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="500"/>
        <source>Documents (*.txt *.md *.docx *.pdf *.html *.htm);;All files (*)</source>
        <translation>文档 (*.txt *.md *.docx *.pdf *.html *.htm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="506"/>
        <source>Add a folder to the batch</source>
        <translation>向批量处理添加文件夹</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="516"/>
        <source>No files yet: add files or folders.</source>
        <translation>尚无文件：请添加文件或文件夹。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="516"/>
        <source>%1 entries</source>
        <translation>共 %1 项</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="533"/>
        <source>Folder for the .txt files</source>
        <translation>存放 .txt 文件的文件夹</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="535"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="535"/>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="536"/>
        <source>Save the results as</source>
        <translation>将结果另存为</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="564"/>
        <source>Checking the output</source>
        <translation>检查输出</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="585"/>
        <source>An earlier run into this output stopped before the end (%1 files finished). Resume finishes it without redoing them; Run starts over.</source>
        <translation>之前写入此输出的运行未完成就已停止（已完成 %1 个文件）。“继续”会接着完成，不重新处理这些文件；“运行”则从头开始。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="697"/>
        <source>Listing files…</source>
        <translation>正在列出文件…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="697"/>
        <source>Connecting to the cluster…</source>
        <translation>正在连接集群…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="705"/>
        <source>Batch started</source>
        <translation>批量处理已开始</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="720"/>
        <source>finished by an earlier run</source>
        <translation>已在之前的运行中完成</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="740"/>
        <source>%1 documents/s</source>
        <translation>%1 篇/秒</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="742"/>
        <source>ETA %1</source>
        <translation>预计剩余 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="746"/>
        <source>Documents by node: %1</source>
        <translation>各节点完成的文档数：%1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="755"/>
        <source>%1 of %2 files</source>
        <translation>%1 / %2 个文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="768"/>
        <source>Batch finished: %1 of %2 files done</source>
        <translation>批量处理完成：已处理 %1 / %2 个文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="777"/>
        <source>Batch stopped</source>
        <translation>批量处理已停止</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="786"/>
        <source>The batch could not run</source>
        <translation>无法运行批量处理</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="805"/>
        <source>Done: %1 · failed: %2 · resumed: %3 · time: %4</source>
        <translation>完成：%1 · 失败：%2 · 此前已完成：%3 · 用时：%4</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="812"/>
        <source> · %1 files of unsupported types in the folders were ignored</source>
        <translation> · 已忽略文件夹中 %1 个不支持类型的文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="813"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="815"/>
        <source>Stopped after %1 files. Resume finishes the run without redoing them.</source>
        <translation>处理 %1 个文件后已停止。点击“继续”可完成本次运行，不会重新处理这些文件。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/batch_page.py" line="817"/>
        <source>The batch stopped with an error.</source>
        <translation>批量处理因出错而停止。</translation>
    </message>
</context>
<context>
    <name>ClassifyPage</name>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="197"/>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="200"/>
        <source>No classifier is installed. Classifying needs a model fine-tuned for classification: fine-tune a RoBERTa or WoBERT model on the Train page with your labelled texts, then choose it here.</source>
        <translation>尚未安装分类模型。分类需要一个针对分类任务微调的模型：在“训练”页面用你已标注的文本微调 RoBERTa 或 WoBERT 模型，然后在这里选择它。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="204"/>
        <source>Open Models</source>
        <translation>打开“模型”页面</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="205"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="206"/>
        <source>Classifiers fine-tuned on the Train page</source>
        <translation>在“训练”页面微调得到的分类模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="207"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="208"/>
        <source>Open a .txt file (one text per line) or a .csv/.tsv file (then choose its column)</source>
        <translation>打开 .txt 文件（每行一条文本）或 .csv/.tsv 文件（随后选择文本所在列）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="209"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="210"/>
        <source>Column:</source>
        <translation>列：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="211"/>
        <source>The column that holds the texts: choose it, or type its name or number (0 is the first) and press Enter</source>
        <translation>文本所在的列：可直接选择，也可输入列名或列号（第一列为 0）后按回车</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="212"/>
        <source>Type or paste texts here, one per line, or open a file.</source>
        <translation>在此输入或粘贴文本，每行一条；也可以打开文件。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="213"/>
        <source>Top labels:</source>
        <translation>候选标签数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="214"/>
        <source>Also list the next most probable labels of each text</source>
        <translation>同时列出每条文本概率次高的若干标签</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="215"/>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="216"/>
        <source>Texts per model call: larger is faster but uses more memory</source>
        <translation>每次调用模型处理的文本条数：越大越快，但占用内存越多</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="217"/>
        <source>Classify</source>
        <comment>button</comment>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="218"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="219"/>
        <source>Copy the selected rows (all rows when none is selected)</source>
        <translation>复制选中的行（未选中时复制全部行）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="220"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="221"/>
        <source>Save the results as CSV or TSV</source>
        <translation>将结果保存为 CSV 或 TSV</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="258"/>
        <source>Reading the labels</source>
        <translation>读取标签</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="287"/>
        <source>Reading the labels…</source>
        <translation>正在读取标签…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="290"/>
        <source>Could not read the labels of %1: %2</source>
        <translation>无法读取 %1 的标签：%2</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="293"/>
        <source>Labels: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="293"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="295"/>
        <source>Labels: numbered from 0 (the model lists no names)</source>
        <translation>标签：从 0 开始编号（模型未提供标签名称）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="315"/>
        <source>Open texts to classify</source>
        <translation>打开要分类的文本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="317"/>
        <source>Texts and tables (*.txt *.csv *.tsv);;Text files, one text per line (*.txt);;CSV or TSV tables (*.csv *.tsv);;All files (*)</source>
        <translation>文本和表格 (*.txt *.csv *.tsv);;文本文件，每行一条 (*.txt);;CSV 或 TSV 表格 (*.csv *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="327"/>
        <source>Opening %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="345"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="349"/>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="368"/>
        <source>Reading column %1</source>
        <translation>读取第 %1 列</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="401"/>
        <source>Could not read column %1 of %2</source>
        <translation>无法读取 %2 的第 %1 列</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="431"/>
        <source>%1 · %2 columns · %3 texts in column “%4”</source>
        <translation>%1 · %2 列 · “%4”列中有 %3 条文本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="438"/>
        <source>%1 · %2 texts</source>
        <translation>%1 · %2 条文本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="445"/>
        <source>%1 texts to classify</source>
        <translation>待分类文本 %1 条</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="457"/>
        <source>Nothing to classify</source>
        <translation>没有可分类的内容</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="458"/>
        <source>The input is empty. Type or paste texts, one per line, or open a .txt, .csv or .tsv file.</source>
        <translation>输入为空。请输入或粘贴文本（每行一条），或打开 .txt、.csv 或 .tsv 文件。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="465"/>
        <source>Classifying %1 texts</source>
        <translation>分类 %1 条文本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="477"/>
        <source>Classifying…</source>
        <translation>正在分类…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="499"/>
        <source>Classified %1 texts</source>
        <translation>已分类 %1 条文本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="504"/>
        <source>Could not load the classifier %1</source>
        <translation>无法加载分类模型 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="506"/>
        <source>Could not classify the texts</source>
        <translation>无法对文本分类</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="512"/>
        <source>Classification cancelled</source>
        <translation>已取消分类</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="524"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="524"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="524"/>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="526"/>
        <source>Label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="526"/>
        <source>Probability %1</source>
        <translation>概率 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="534"/>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="535"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="538"/>
        <source>%1 texts classified with %2 — %3</source>
        <translation>已用 %2 分类 %1 条文本 — %3</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="548"/>
        <source>Results copied</source>
        <translation>结果已复制</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="552"/>
        <source>Export the results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="560"/>
        <source>Saving %1</source>
        <translation>保存 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="568"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/classify_page.py" line="572"/>
        <source>Could not export the results</source>
        <translation>无法导出结果</translation>
    </message>
</context>
<context>
    <name>DownloadCell</name>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="45"/>
        <location filename="../../zoo_desktop/app/download_cell.py" line="89"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="46"/>
        <source>Convert</source>
        <translation>转换</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="47"/>
        <source>Convert it once to ONNX so the other pages can use it</source>
        <translation>将其一次性转换为 ONNX，以便在其他页面中使用</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="48"/>
        <source>Not now</source>
        <translation>暂不转换</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="63"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="64"/>
        <source>Download it from %1 and import it</source>
        <translation>从 %1 下载并导入</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="67"/>
        <source>Resume</source>
        <translation>继续下载</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="68"/>
        <source>Continue the interrupted download where it stopped</source>
        <translation>从中断处继续下载</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="70"/>
        <source>%1% downloaded</source>
        <translation>已下载 %1%</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="72"/>
        <source>%1 of %2 downloaded</source>
        <translation>已下载 %1 / %2</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="75"/>
        <source>%1 downloaded</source>
        <translation>已下载 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="86"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="89"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/download_cell.py" line="94"/>
        <source>Convert now?</source>
        <translation>现在转换吗？</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../zoo_desktop/app/error_dialog.py" line="110"/>
        <source>Error</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_dialog.py" line="111"/>
        <source>Hide details</source>
        <translation>隐藏详情</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_dialog.py" line="111"/>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_dialog.py" line="112"/>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_dialog.py" line="113"/>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_dialog.py" line="115"/>
        <source>More details are in the log file: %1</source>
        <translation>更多信息见日志文件：%1</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="23"/>
        <source>The model “{model_id}” is not installed. See the Models page for the installed models.</source>
        <translation>模型“{model_id}”尚未安装。已安装的模型见“模型”页。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="24"/>
        <source>The model “{model_id}” is being changed by another job (an import, conversion or removal). Try again when it has finished.</source>
        <translation>模型“{model_id}”正被另一项任务（导入、转换或删除）修改。请在其完成后再试。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="25"/>
        <source>A model with the ID “{model_id}” is already installed. Choose another ID or remove the existing model.</source>
        <translation>ID 为“{model_id}”的模型已经安装。请换一个 ID，或先删除已有的模型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="26"/>
        <source>The model “{model_id}” has not been converted to ONNX yet. Convert it on the Models page.</source>
        <translation>模型“{model_id}”尚未转换为 ONNX。请在“模型”页转换它。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="27"/>
        <location filename="../../zoo_desktop/app/error_text.py" line="62"/>
        <source>“{path}” does not exist.</source>
        <translation>“{path}”不存在。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="28"/>
        <source>“{path}” is not a zip archive, or it is truncated (perhaps an unfinished download).</source>
        <translation>“{path}”不是 zip 压缩包，或者已被截断（可能是未下载完的文件）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="29"/>
        <source>“{path}” cannot be read: {detail}</source>
        <translation>无法读取“{path}”：{detail}</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="30"/>
        <source>The file “{path}” in the archive is corrupt or truncated.</source>
        <translation>压缩包中的文件“{path}”已损坏或被截断。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="31"/>
        <source>No model configuration (bert_config.json or config.json) was found in “{path}”.</source>
        <translation>在“{path}”中找不到模型配置（bert_config.json 或 config.json）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="32"/>
        <source>The model configuration “{path}” is not a valid JSON object.</source>
        <translation>模型配置“{path}”不是有效的 JSON 对象。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="33"/>
        <source>The folder “{path}” holds no checkpoint (no *.ckpt.index file).</source>
        <translation>文件夹“{path}”中没有检查点（没有 *.ckpt.index 文件）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="34"/>
        <source>The folder “{path}” holds several checkpoints ({found}); keep only one.</source>
        <translation>文件夹“{path}”中有多个检查点（{found}），请只保留一个。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="35"/>
        <source>The file “{expected}” is missing from “{path}”.</source>
        <translation>“{path}”中缺少文件“{expected}”。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="36"/>
        <source>The checkpoint file “{path}” is truncated: {expected} bytes were expected, {found} were found.</source>
        <translation>检查点文件“{path}”不完整：应有 {expected} 字节，实际只有 {found} 字节。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="37"/>
        <source>“{path}” is not UTF-8 text.</source>
        <translation>“{path}”不是 UTF-8 文本。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="38"/>
        <source>“{path}” is empty.</source>
        <translation>“{path}”是空的。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="39"/>
        <source>The content does not match the model “{model_id}”: it is a {found} model, not {expected}. Choose another ID to import it as a custom model.</source>
        <translation>内容与模型“{model_id}”不符：这是一个 {found} 模型，而不是 {expected}。请换一个 ID，把它作为自定义模型导入。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="40"/>
        <source>The package lacks the file “{path}” that its manifest lists.</source>
        <translation>模型包缺少其清单中列出的文件“{path}”。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="41"/>
        <source>The file “{path}” in the package does not match its manifest (corrupt or altered).</source>
        <translation>模型包中的文件“{path}”与清单不符（已损坏或被改动）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="42"/>
        <source>The download from {url} failed. Check the network connection and the address; it can be resumed.</source>
        <translation>从 {url} 下载失败。请检查网络连接和地址；下载可以继续。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="43"/>
        <source>There is not enough free disk space in “{path}”: {expected} are needed, {found} are free. Nothing was changed.</source>
        <translation>“{path}”所在磁盘空间不足：需要 {expected}，只剩 {found}。未做任何改动。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="44"/>
        <source>The disk holding “{path}” ran full. What was begun was rolled back; free some space and try again.</source>
        <translation>“{path}”所在的磁盘已满。已开始的操作已回滚；请释放一些空间后再试。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="45"/>
        <source>The document “{path}” does not exist.</source>
        <translation>文档“{path}”不存在。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="46"/>
        <source>“{path}” cannot be opened: this type of file is not supported (supported: {expected}).</source>
        <translation>无法打开“{path}”：不支持这种文件类型（支持：{expected}）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="47"/>
        <source>“{path}” is a folder, not a document.</source>
        <translation>“{path}”是文件夹，不是文档。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="48"/>
        <source>“{path}” is not a text file: it looks like {found}.</source>
        <translation>“{path}”不是文本文件：它看起来是 {found}。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="49"/>
        <source>“{path}” is not a text file: it contains binary data.</source>
        <translation>“{path}”不是文本文件：其中含有二进制数据。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="50"/>
        <source>The document “{path}” contains no text.</source>
        <translation>文档“{path}”中没有文字。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="51"/>
        <source>The document “{path}” is too large: the limit is {expected}.</source>
        <translation>文档“{path}”太大：上限为 {expected}。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="52"/>
        <source>The text encoding of “{path}” cannot be told: it is none of {expected}. Save it as UTF-8 and try again.</source>
        <translation>无法判断“{path}”的文字编码：它不是 {expected} 中的任何一种。请另存为 UTF-8 后再试。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="53"/>
        <source>“{path}” is not a readable {expected} file: it may be damaged or of another type.</source>
        <translation>“{path}”不是可读取的 {expected} 文件：它可能已损坏或是其他类型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="54"/>
        <source>“{path}” is password-protected. Remove the password (or save it as .docx) and try again.</source>
        <translation>“{path}”受密码保护。请去掉密码（或另存为 .docx）后再试。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="55"/>
        <source>“{path}” has no text layer: it is a scanned document. Recognise its text (OCR) first, or open a text version.</source>
        <translation>“{path}”没有文字层：它是扫描件。请先进行文字识别（OCR），或打开文字版本。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="56"/>
        <source>The document “{path}” cannot be read: {detail}</source>
        <translation>无法读取文档“{path}”：{detail}</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="57"/>
        <source>The training file “{path}” does not exist.</source>
        <translation>训练文件“{path}”不存在。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="58"/>
        <source>The training file “{path}” is empty.</source>
        <translation>训练文件“{path}”是空的。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="59"/>
        <source>“{path}” has {found} column(s); there is no column {expected} (0 is the first).</source>
        <translation>“{path}”有 {found} 列，没有第 {expected} 列（0 表示第一列）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="60"/>
        <source>“{path}” has no column “{expected}” (its columns: {found}).</source>
        <translation>“{path}”中没有“{expected}”列（现有的列：{found}）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="61"/>
        <source>“{path}”, line {line}: a text or label is empty.</source>
        <translation>“{path}”第 {line} 行：文本或标签为空。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="63"/>
        <source>The table has {found} column(s); there is no column {expected} (0 is the first).</source>
        <translation>表格有 {found} 列，没有第 {expected} 列（0 表示第一列）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="64"/>
        <source>The table has no column “{expected}” (its columns: {found}).</source>
        <translation>表格中没有“{expected}”列（现有的列：{found}）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="65"/>
        <source>The table is empty: it has not even a header row.</source>
        <translation>表格是空的：连标题行都没有。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="66"/>
        <source>There is nothing to work on: the text is empty.</source>
        <translation>没有可处理的内容：文本为空。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="67"/>
        <source>The model “{model_id}” lists {expected} labels but its classifier gives {found} probabilities.</source>
        <translation>模型“{model_id}”列出了 {expected} 个标签，但它的分类器给出 {found} 个概率。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="68"/>
        <source>The model “{model_id}” gives no sentence vectors. Use a SimBERT model.</source>
        <translation>模型“{model_id}”不输出句向量。请使用 SimBERT 模型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="69"/>
        <source>Running on a Ray cluster needs {expected}, which is not installed with this copy of Zoo Desktop. Install the `cluster` extra, or run on this computer.</source>
        <translation>在 Ray 集群上运行需要 {expected}，但此 Zoo Desktop 未安装它。请安装 `cluster` 扩展，或在本机运行。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="70"/>
        <source>The Ray cluster at {address} cannot be reached ({detail}). Check that its head is running and that its port is open to this computer.</source>
        <translation>无法连接位于 {address} 的 Ray 集群（{detail}）。请检查其头节点是否在运行，以及该端口是否对本机开放。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="71"/>
        <source>The Ray cluster at {address} needs an authentication token and none was given. Choose the token file (the head&apos;s ~/.ray/auth_token, or the output of `ray get-auth-token` on the head).</source>
        <translation>位于 {address} 的 Ray 集群需要认证令牌，但未提供。请选择令牌文件（头节点上的 ~/.ray/auth_token，或在头节点上运行 `ray get-auth-token` 的输出）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="72"/>
        <source>The Ray cluster at {address} refused the token. Choose the token file of this cluster&apos;s head.</source>
        <translation>位于 {address} 的 Ray 集群拒绝了该令牌。请选择此集群头节点的令牌文件。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="73"/>
        <source>The token file “{path}” does not exist.</source>
        <translation>令牌文件“{path}”不存在。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="74"/>
        <source>Connecting to the Ray cluster at {address} failed: {detail}</source>
        <translation>连接位于 {address} 的 Ray 集群失败：{detail}</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="75"/>
        <source>No node of the Ray cluster at {address} has {expected} for one worker (the largest has {found} CPUs). Use fewer threads or add a bigger node.</source>
        <translation>位于 {address} 的 Ray 集群中没有节点能为一个工作进程提供 {expected}（最大的节点有 {found} 个 CPU）。请减少线程数，或添加更大的节点。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="76"/>
        <source>The Ray cluster at {address} has no node with a GPU. Choose the CPU as the device.</source>
        <translation>位于 {address} 的 Ray 集群没有带 GPU 的节点。请选择 CPU 作为设备。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="77"/>
        <source>The cluster job made no progress for {expected} seconds. Check that the cluster&apos;s nodes are running; the finished documents are kept and Resume goes on from there.</source>
        <translation>集群任务已有 {expected} 秒没有进展。请检查集群节点是否在运行；已完成的文档会保留，“继续”会从那里接着处理。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="78"/>
        <source>The cluster job failed: {detail}. The finished documents are kept and Resume goes on from there.</source>
        <translation>集群任务失败：{detail}。已完成的文档会保留，“继续”会从那里接着处理。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="79"/>
        <source>The model “{model_id}” cannot do this task.</source>
        <translation>模型“{model_id}”不能完成这项任务。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="121"/>
        <source>The archive contains unsafe entries (paths leaving the folder, links, or far too much data), so nothing was extracted.</source>
        <translation>压缩包中含有不安全的条目（路径超出目标文件夹、链接，或数据量过大），因此未解压任何内容。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="122"/>
        <source>The checkpoint does not match its configuration: a variable is missing or has another shape.</source>
        <translation>检查点与其配置不符：缺少某个变量，或变量的形状不同。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="123"/>
        <source>This checkpoint is not one of the zoo&apos;s model types.</source>
        <translation>此检查点不属于模型库支持的任何模型类型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="124"/>
        <source>This is not a usable model release (zip, folder or package).</source>
        <translation>这不是可用的模型发布文件（zip、文件夹或模型包）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="125"/>
        <source>The downloaded file is not the expected one (its checksum differs); it was not used.</source>
        <translation>下载的文件与预期不符（校验和不同），未被使用。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="126"/>
        <source>The download failed. Check the network connection and the address; it can be resumed.</source>
        <translation>下载失败。请检查网络连接和网址；下载可以继续。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="127"/>
        <source>There is not enough free disk space. Nothing was changed.</source>
        <translation>磁盘空间不足。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="128"/>
        <source>Another job is changing this model right now. Try again when it has finished.</source>
        <translation>另一个任务正在修改此模型。请在它完成后重试。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="129"/>
        <source>A model with this ID is already installed. Choose another ID or remove the existing model.</source>
        <translation>已安装了使用此 ID 的模型。请换一个 ID，或删除现有模型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="130"/>
        <source>None of the installed models can do this yet. Import one on the Models page and convert it.</source>
        <translation>已安装的模型都无法完成此操作。请在“模型”页面导入一个模型并进行转换。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="131"/>
        <source>This model has not been converted to ONNX yet. Convert it on the Models page.</source>
        <translation>此模型尚未转换为 ONNX。请在“模型”页面进行转换。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="132"/>
        <source>This model is not installed.</source>
        <translation>此模型未安装。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="133"/>
        <source>This model ID is not allowed: use letters, digits, dots, dashes and underscores.</source>
        <translation>此模型 ID 不可用：请使用字母、数字、点、连字符和下划线。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="134"/>
        <source>Please give the model an ID.</source>
        <translation>请为模型指定一个 ID。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="135"/>
        <source>The converter (TensorFlow, in its own environment) is not installed, so models cannot be converted or trained here.</source>
        <translation>未安装转换程序（在独立环境中运行的 TensorFlow），因此无法在此转换或训练模型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="136"/>
        <source>The converter process stopped with an error.</source>
        <translation>转换程序因出错而停止。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="137"/>
        <source>The converted model does not give the same results as the original, so it was not installed.</source>
        <translation>转换后的模型与原模型的结果不一致，因此未安装。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="138"/>
        <source>The training data cannot be used as it is.</source>
        <translation>训练数据无法直接使用。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="139"/>
        <source>This document cannot be read.</source>
        <translation>无法读取此文档。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="140"/>
        <source>The model&apos;s vocabulary cannot be used.</source>
        <translation>模型的词表无法使用。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="141"/>
        <source>This request cannot be carried out as given.</source>
        <translation>无法按给定的方式执行此请求。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="142"/>
        <source>The job could not run on the Ray cluster.</source>
        <translation>无法在 Ray 集群上运行此任务。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="143"/>
        <source>Zoo Desktop is not allowed to read or write this file or folder.</source>
        <translation>追一模型桌面版没有读写此文件或文件夹的权限。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="144"/>
        <source>A file or folder was not found.</source>
        <translation>找不到文件或文件夹。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="145"/>
        <source>There is not enough memory for this job. Close other programs or use a smaller model.</source>
        <translation>内存不足，无法执行此任务。请关闭其他程序或使用更小的模型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/error_text.py" line="146"/>
        <source>The operating system reported an error while reading or writing files.</source>
        <translation>读写文件时操作系统报告了错误。</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <location filename="../../zoo_desktop/app/formatting.py" line="22"/>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/formatting.py" line="27"/>
        <source>unknown time</source>
        <translation>时间未知</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/formatting.py" line="30"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/formatting.py" line="32"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/formatting.py" line="33"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <location filename="../../zoo_desktop/app/job_panel.py" line="92"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/job_panel.py" line="92"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/job_panel.py" line="96"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/job_panel.py" line="54"/>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="10"/>
        <source>Not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="11"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="12"/>
        <source>Converted</source>
        <translation>已转换</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="13"/>
        <source>Verified</source>
        <translation>已校验</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="14"/>
        <source>Broken</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="21"/>
        <source>classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="22"/>
        <source>sentence vectors</source>
        <translation>句向量</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="23"/>
        <source>similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="24"/>
        <source>search</source>
        <translation>检索</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="25"/>
        <source>paraphrase</source>
        <translation>同义句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="26"/>
        <source>summarization</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="27"/>
        <source>generation</source>
        <translation>文本生成</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="35"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="48"/>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="49"/>
        <source>Unpacking</source>
        <translation>正在解压</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="50"/>
        <source>Copying files</source>
        <translation>正在复制文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="51"/>
        <source>Checking the checkpoint</source>
        <translation>正在检查检查点</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="52"/>
        <location filename="../../zoo_desktop/app/labels.py" line="62"/>
        <source>Checking file integrity</source>
        <translation>正在校验文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="53"/>
        <source>Installing</source>
        <translation>正在安装</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="54"/>
        <source>Starting the converter</source>
        <translation>正在启动转换程序</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="55"/>
        <source>Loading the checkpoint</source>
        <translation>正在加载检查点</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="56"/>
        <source>Building the model</source>
        <translation>正在构建模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="57"/>
        <location filename="../../zoo_desktop/app/labels.py" line="58"/>
        <source>Converting to ONNX</source>
        <translation>正在转换为 ONNX</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="59"/>
        <source>Optimizing</source>
        <translation>正在优化</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="60"/>
        <source>Quantizing</source>
        <translation>正在量化</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="61"/>
        <source>Comparing outputs with TensorFlow</source>
        <translation>正在与 TensorFlow 比对输出</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="63"/>
        <source>Writing files</source>
        <translation>正在写入文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="64"/>
        <source>Removing the old copy</source>
        <translation>正在删除旧副本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="65"/>
        <source>Classifying</source>
        <translation>正在分类</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="66"/>
        <source>Processing files</source>
        <translation>正在处理文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="67"/>
        <source>Listing files</source>
        <translation>正在列出文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="68"/>
        <source>Reading files</source>
        <translation>正在读取文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="69"/>
        <source>Encoding sentences</source>
        <translation>正在编码句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="70"/>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="71"/>
        <source>Checking the data</source>
        <translation>正在检查数据</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="72"/>
        <location filename="../../zoo_desktop/app/labels.py" line="73"/>
        <source>Training</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="74"/>
        <source>Evaluating</source>
        <translation>正在评估</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="75"/>
        <source>Resuming</source>
        <translation>正在恢复</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="76"/>
        <source>Testing</source>
        <translation>正在测试</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="77"/>
        <source>Summarizing part by part</source>
        <translation>正在分段摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="78"/>
        <source>Writing the final summary</source>
        <translation>正在生成最终摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="79"/>
        <source>Picking the central sentences</source>
        <translation>正在挑选核心句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="81"/>
        <source>Working</source>
        <translation>正在处理</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="86"/>
        <source>CPU</source>
        <translation>CPU（处理器）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="88"/>
        <source>GPU %1 (CUDA)</source>
        <translation>GPU %1（CUDA）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="89"/>
        <source>GPU (%1)</source>
        <translation>GPU（%1）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="97"/>
        <source>The CPU is chosen in the settings.</source>
        <translation>设置中选择了 CPU。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="98"/>
        <source>No NVIDIA GPU was found on this computer.</source>
        <translation>这台电脑上没有找到 NVIDIA GPU。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="99"/>
        <source>This onnxruntime has no GPU support (install the gpu extra: onnxruntime-gpu).</source>
        <translation>当前的 onnxruntime 不支持 GPU（请安装 gpu 附加组件：onnxruntime-gpu）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="100"/>
        <source>The GPU ran out of memory.</source>
        <translation>GPU 显存不足。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="101"/>
        <source>The CUDA libraries that onnxruntime-gpu needs were not found.</source>
        <translation>没有找到 onnxruntime-gpu 所需的 CUDA 库。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="102"/>
        <source>No CUDA-capable GPU was found.</source>
        <translation>没有找到支持 CUDA 的 GPU。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/labels.py" line="107"/>
        <source>The GPU could not be used: %1</source>
        <translation>无法使用 GPU：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="178"/>
        <source>Checking devices</source>
        <translation>正在检查运行设备</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="207"/>
        <source>Model %1 is installed</source>
        <translation>模型 %1 已安装</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="212"/>
        <source>The models are now in %1</source>
        <translation>模型现已位于 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="228"/>
        <source>Zoo Desktop %1</source>
        <translation>追一模型桌面版 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="230"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="231"/>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="232"/>
        <source>Similarity &amp; Search</source>
        <translation>相似度与检索</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="233"/>
        <source>Paraphrase</source>
        <translation>同义句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="234"/>
        <source>Batch</source>
        <translation>批量处理</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="235"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="236"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="237"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/main_window.py" line="241"/>
        <source>Drop files anywhere on the window to summarize them</source>
        <translation>把文件拖到窗口任意位置即可生成摘要</translation>
    </message>
    <message numerus="yes">
        <location filename="../../zoo_desktop/app/main_window.py" line="262"/>
        <source>%n job(s) running</source>
        <translation>
            <numerusform>%n 个任务正在运行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="172"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="175"/>
        <source>Import a released checkpoint (zip or folder), download one, or open a package a colleague exported. Convert it once to ONNX to use it on the other pages.</source>
        <translation>导入官方发布的检查点（zip 或文件夹），在线下载，或打开同事导出的模型包。转换为 ONNX 一次后，即可在其他页面使用。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="179"/>
        <source>Import from file…</source>
        <translation>从文件导入…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="180"/>
        <source>A release .zip or a .zoomodel package</source>
        <translation>发布的 .zip 压缩包或 .zoomodel 模型包</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="181"/>
        <source>Import from folder…</source>
        <translation>从文件夹导入…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="182"/>
        <source>An extracted release folder</source>
        <translation>已解压的发布文件夹</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="183"/>
        <source>Import from URL…</source>
        <translation>从网址导入…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="184"/>
        <source>Download a release archive and import it</source>
        <translation>下载发布的压缩包并导入</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="185"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="187"/>
        <source>Model ID</source>
        <translation>模型 ID</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="187"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="187"/>
        <source>Family</source>
        <translation>系列</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="187"/>
        <source>Tasks</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="187"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="187"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="188"/>
        <source>On disk</source>
        <translation>占用空间</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="188"/>
        <source>Runs on</source>
        <translation>运行设备</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="188"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="190"/>
        <source>Estimated size of the float32 weights</source>
        <translation>float32 权重的估计大小</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="191"/>
        <source>Convert to ONNX</source>
        <translation>转换为 ONNX</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="192"/>
        <source>Convert the checkpoint once to ONNX (runs TensorFlow in a separate process)</source>
        <translation>将检查点一次性转换为 ONNX（在独立进程中运行 TensorFlow）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="194"/>
        <source>FP32 (exact)</source>
        <translation>FP32（精确）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="194"/>
        <source>Full precision: the same results as the original model</source>
        <translation>全精度：结果与原模型一致</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="195"/>
        <source>FP16 (half the size)</source>
        <translation>FP16（体积减半）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="195"/>
        <source>Half-precision weights: smaller, best on a GPU</source>
        <translation>半精度权重：体积更小，适合 GPU</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="196"/>
        <source>INT8 (smallest)</source>
        <translation>INT8（体积最小）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="196"/>
        <source>8-bit weights: smallest and fastest on a CPU, slightly less accurate</source>
        <translation>8 位权重：体积最小，在 CPU 上最快，精度略低</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="201"/>
        <source>Precision of the converted model</source>
        <translation>转换后模型的精度</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="202"/>
        <source>Verify</source>
        <translation>校验</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="203"/>
        <source>Re-check every file of the model against its recorded SHA-256</source>
        <translation>按记录的 SHA-256 重新校验模型的每个文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="204"/>
        <source>Export package…</source>
        <translation>导出模型包…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="205"/>
        <source>Write a .zoomodel package to share with colleagues</source>
        <translation>生成 .zoomodel 模型包，便于分享给同事</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="206"/>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="207"/>
        <source>Show on disk</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="238"/>
        <source>Reading the model store</source>
        <translation>读取模型库</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="280"/>
        <source>Reading the model store…</source>
        <translation>正在读取模型库…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="281"/>
        <source>%1 models in the catalog, %2 installed.</source>
        <translation>目录中共 %1 个模型，已安装 %2 个。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="282"/>
        <source>Could not read the model store: %1</source>
        <translation>无法读取模型库：%1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="283"/>
        <source>Imported %1.</source>
        <translation>已导入 %1。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="284"/>
        <source>Converted %1 to ONNX.</source>
        <translation>已将 %1 转换为 ONNX。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="285"/>
        <source>%1: all %2 files are intact.</source>
        <translation>%1：全部 %2 个文件完好。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="286"/>
        <source>%1 is broken: %2 files missing, %3 changed.</source>
        <translation>%1 已损坏：缺少 %2 个文件，%3 个文件被改动。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="287"/>
        <source>Exported %1 to %2.</source>
        <translation>已将 %1 导出到 %2。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="288"/>
        <source>Removed %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="289"/>
        <source>Cancelled: %1.</source>
        <translation>已取消：%1。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="290"/>
        <source>Downloaded %1.</source>
        <translation>已下载 %1。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="291"/>
        <source>Could not reach the download server for %1.</source>
        <translation>无法连接 %1 的下载服务器。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="301"/>
        <location filename="../../zoo_desktop/app/models_page.py" line="622"/>
        <source>Custom model</source>
        <translation>自定义模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="396"/>
        <source>Downloading %1</source>
        <translation>正在下载 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="444"/>
        <source>Could not download %1</source>
        <translation>无法下载 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="459"/>
        <source>Download server unreachable</source>
        <translation>无法连接下载服务器</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="461"/>
        <source>%1 cannot be reached from this computer, so %2 cannot be downloaded here.

Download %3 on another computer (or ask a colleague for it) and import the file. Import from a file now?</source>
        <translation>本机无法连接 %1，因此无法在这里下载 %2。

请在另一台电脑上下载 %3（或向同事索取），然后导入该文件。现在从文件导入吗？</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="506"/>
        <source>Loaded now.</source>
        <translation>当前已加载。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="506"/>
        <source>Where it will run when a page uses it.</source>
        <translation>页面使用该模型时将在此设备上运行。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="585"/>
        <source>Importing %1</source>
        <translation>导入 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="617"/>
        <source>Could not import the model</source>
        <translation>无法导入模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="624"/>
        <source>This model matches none of the zoo&apos;s models. Give it an ID to import it as a custom model (lowercase letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;):</source>
        <translation>该模型与模型库中的任何模型都不匹配。请为它指定一个 ID，作为自定义模型导入（可用小写字母、数字、“.”、“_”或“-”）：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="635"/>
        <source>Replace model</source>
        <translation>替换模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="636"/>
        <source>This model is already installed. Replace it with the one from %1?</source>
        <translation>该模型已安装。要用 %1 中的模型替换它吗？</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="645"/>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="647"/>
        <source>Model archives (*.zip *.zoomodel);;All files (*)</source>
        <translation>模型压缩包 (*.zip *.zoomodel);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="653"/>
        <source>Import a model folder</source>
        <translation>导入模型文件夹</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="662"/>
        <source>Import from URL</source>
        <translation>从网址导入</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="663"/>
        <source>Address of a release .zip (http or https):</source>
        <translation>发布压缩包 (.zip) 的网址（http 或 https）：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="676"/>
        <source>Converting %1</source>
        <translation>转换 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="681"/>
        <source>Could not convert %1</source>
        <translation>无法转换 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="691"/>
        <source>Verifying %1</source>
        <translation>校验 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="695"/>
        <source>Could not verify %1</source>
        <translation>无法校验 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="702"/>
        <source>Missing: %1</source>
        <translation>缺少：%1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="703"/>
        <source>Changed: %1</source>
        <translation>已改动：%1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="706"/>
        <source>%1 is broken</source>
        <translation>%1 已损坏</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="707"/>
        <source>Some of its files are missing or were changed after the import. Remove the model and import it again.</source>
        <translation>部分文件缺失或在导入后被改动。请删除该模型后重新导入。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="720"/>
        <source>Exporting %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="724"/>
        <source>Could not export %1</source>
        <translation>无法导出 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="738"/>
        <location filename="../../zoo_desktop/app/models_page.py" line="751"/>
        <source>Export package</source>
        <translation>导出模型包</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="740"/>
        <source>%1 has not been converted yet, so its package can only carry the TensorFlow checkpoint (larger; the receiver will have to convert it). Export it with the checkpoint?</source>
        <translation>%1 尚未转换，模型包只能携带 TensorFlow 检查点（体积较大，接收方需自行转换）。仍要连同检查点一起导出吗？</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="753"/>
        <source>Zoo Desktop packages (*.zoomodel)</source>
        <translation>追一模型包 (*.zoomodel)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="761"/>
        <source>Remove model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="762"/>
        <source>Remove %1 and delete its files from disk? This cannot be undone.</source>
        <translation>要删除 %1 并从磁盘上移除其文件吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="769"/>
        <source>Removing %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/models_page.py" line="771"/>
        <source>Could not remove %1</source>
        <translation>无法删除 %1</translation>
    </message>
</context>
<context>
    <name>ParaphrasePage</name>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="174"/>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="211"/>
        <source>Paraphrase</source>
        <translation>同义句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="176"/>
        <source>No SimBERT model is ready. Paraphrasing needs a converted SimBERT model (it generates the sentences and ranks them by sentence vectors): import one on the Models page and convert it to ONNX.</source>
        <translation>没有可用的 SimBERT 模型。生成同义句需要一个已转换的 SimBERT 模型（由它生成句子，并按句向量排序）：请在“模型”页面导入一个，并将其转换为 ONNX。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="178"/>
        <source>Open Models</source>
        <translation>打开“模型”页面</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="179"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="180"/>
        <source>Sentence:</source>
        <translation>句子：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="181"/>
        <source>The sentence to say in other words</source>
        <translation>要换一种说法的句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="183"/>
        <source>Paraphrases to keep:</source>
        <translation>保留的同义句数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="184"/>
        <source>Candidates to sample:</source>
        <translation>采样候选数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="185"/>
        <source>Sample from the top K tokens:</source>
        <translation>从概率最高的 K 个 token 中采样：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="186"/>
        <source>Sample from the top P probability:</source>
        <translation>从累计概率前 P 的 token 中采样：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="187"/>
        <source>Longest paraphrase:</source>
        <translation>同义句最大长度：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="188"/>
        <source>Random seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="189"/>
        <source>The best candidates kept, ranked by similarity to the sentence</source>
        <translation>保留最好的候选句，按与原句的相似度排序</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="190"/>
        <source>More candidates give more choice but take longer</source>
        <translation>候选越多，可选范围越大，但耗时更长</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="191"/>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="193"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="192"/>
        <source>Each token is drawn from the K most likely ones</source>
        <translation>每个 token 都从概率最高的 K 个中抽取</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="194"/>
        <source>Each token is drawn from the most likely ones that together reach this probability</source>
        <translation>每个 token 都从概率最高、累计概率达到此值的那些 token 中抽取</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="195"/>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="196"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="197"/>
        <source>The same seed and options give the same paraphrases</source>
        <translation>相同的种子和选项会生成相同的同义句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="198"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="199"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="200"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="211"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="211"/>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="244"/>
        <source>Paraphrasing</source>
        <translation>生成同义句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="269"/>
        <source>%1 paraphrases ready</source>
        <translation>已生成 %1 个同义句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="273"/>
        <source>Could not paraphrase the sentence</source>
        <translation>无法生成同义句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="277"/>
        <source>Paraphrasing cancelled</source>
        <translation>已取消生成同义句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="294"/>
        <source>%1 paraphrases of %2 sampled candidates, most similar first</source>
        <translation>从 %2 个采样候选中选出 %1 个同义句，按相似度从高到低排列</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="302"/>
        <source>Export the paraphrases</source>
        <translation>导出同义句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="307"/>
        <source>Exporting</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="315"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/paraphrase_page.py" line="319"/>
        <source>Could not export the paraphrases</source>
        <translation>无法导出同义句</translation>
    </message>
</context>
<context>
    <name>PlatformCheck</name>
    <message>
        <location filename="../../zoo_desktop/app/platform_check.py" line="251"/>
        <source>%1: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.
On a server or in a container use the command line instead: `zoo --help` lists its commands (for example `zoo models catalog`, `zoo summarize FILE`), and `zoo doctor` describes this machine.
`%1 --self-test` checks the installation without a display.</source>
        <translation>%1：找不到显示器（DISPLAY 和 WAYLAND_DISPLAY 都没有设置），无法打开窗口。
在服务器或容器里请改用命令行：`zoo --help` 列出全部命令（例如 `zoo models catalog`、`zoo summarize FILE`），`zoo doctor` 会描述这台机器的情况。
`%1 --self-test` 可以在没有显示器的情况下检查安装。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/platform_check.py" line="261"/>
        <source>%1 cannot start: Qt&apos;s %2 platform plugin needs system libraries that are not installed:</source>
        <translation>%1 无法启动：Qt 的 %2 平台插件需要以下系统库，但它们没有安装：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/platform_check.py" line="267"/>
        <source>Install them with:</source>
        <translation>用以下命令安装：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/platform_check.py" line="270"/>
        <source>Install the packages of your distribution that provide these libraries.</source>
        <translation>请安装你的发行版中提供这些库的软件包。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/platform_check.py" line="272"/>
        <source>Then start %1 again.</source>
        <translation>然后重新启动 %1。</translation>
    </message>
</context>
<context>
    <name>ResultTable</name>
    <message>
        <location filename="../../zoo_desktop/app/result_table.py" line="120"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/result_table.py" line="121"/>
        <source>Tab-separated text (*.tsv)</source>
        <translation>制表符分隔文本 (*.tsv)</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="240"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="241"/>
        <source>Language and appearance</source>
        <translation>语言与外观</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="242"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="244"/>
        <location filename="../../zoo_desktop/app/settings_page.py" line="248"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="247"/>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="249"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="250"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="251"/>
        <source>Running models</source>
        <translation>模型运行</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="252"/>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="253"/>
        <source>Automatic (GPU when available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="254"/>
        <source>CPU only</source>
        <translation>仅使用 CPU</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="255"/>
        <source>GPU 0 (CUDA)</source>
        <translation>GPU 0（CUDA）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="256"/>
        <source>CPU threads:</source>
        <translation>CPU 线程数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="257"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="258"/>
        <source>Threads used for inference on the CPU; Automatic lets onnxruntime choose</source>
        <translation>在 CPU 上推理时使用的线程数；选择“自动”则由 onnxruntime 决定</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="259"/>
        <source>Used by the pages that run models (Classify, Similarity &amp; Search, Paraphrase, Batch).</source>
        <translation>用于运行模型的页面（分类、相似度与检索、同义句、批量处理）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="261"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="262"/>
        <source>Model store:</source>
        <translation>模型库：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="263"/>
        <location filename="../../zoo_desktop/app/settings_page.py" line="273"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="264"/>
        <source>Move…</source>
        <translation>移动…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="265"/>
        <source>Move the installed models to another folder or disk</source>
        <translation>将已安装的模型移动到其他文件夹或磁盘</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="268"/>
        <source>Models are kept in this folder. Moving copies them, checks the copy, and only then switches to it; the command line (zoo) follows the move too.</source>
        <translation>模型保存在此文件夹中。移动时会先复制模型并校验副本，确认无误后才切换过去；命令行工具（zoo）也会随之使用新位置。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="276"/>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="277"/>
        <source>Mirror:</source>
        <translation>镜像：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="279"/>
        <source>Base URL holding the release archives by name; empty: the zoo&apos;s own server</source>
        <translation>按文件名存放发布压缩包的基础网址；留空：使用模型库自己的服务器</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="283"/>
        <source>The Download buttons on the Models page fetch &lt;mirror&gt;/&lt;archive name&gt;, for a company mirror or a computer that cannot reach the zoo&apos;s server. While this is empty, the ZOO_MIRROR environment variable is used when it is set.</source>
        <translation>“模型”页面上的“下载”按钮会获取 &lt;镜像&gt;/&lt;压缩包文件名&gt;，适用于公司内部镜像或无法访问模型库服务器的电脑。留空时，如果设置了环境变量 ZOO_MIRROR，则使用它。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="289"/>
        <source>Diagnostics</source>
        <translation>诊断信息</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="291"/>
        <source>This installation and this computer, for bug reports (the same report as `zoo doctor`).</source>
        <translation>本次安装和这台电脑的情况，可附在问题报告里（与 `zoo doctor` 的报告相同）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="293"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="294"/>
        <source>Copy the report to the clipboard</source>
        <translation>把报告复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="295"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="353"/>
        <source>Collecting the diagnostics report</source>
        <translation>正在收集诊断信息</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="377"/>
        <source>Collecting the report…</source>
        <translation>正在收集报告…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="379"/>
        <source>The report could not be built: %1</source>
        <translation>无法生成报告：%1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="448"/>
        <source>Not saved: the mirror must be an http:// or https:// address, such as https://mirror.example.com/zoo, or empty. The previous setting is kept.</source>
        <translation>未保存：镜像必须是 http:// 或 https:// 地址（例如 https://mirror.example.com/zoo），或者留空。已保留之前的设置。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="464"/>
        <source>Move the model store to</source>
        <translation>将模型库移动到</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="475"/>
        <source>Move the model store</source>
        <translation>移动模型库</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="476"/>
        <source>Move all installed models to %1? Models cannot be used until the move has finished.</source>
        <translation>要将所有已安装的模型移动到 %1 吗？移动完成前无法使用模型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="484"/>
        <source>Moving the model store</source>
        <translation>移动模型库</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="501"/>
        <source>The model store was not moved</source>
        <translation>模型库未移动</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="272"/>
        <source>Log file:</source>
        <translation>日志文件：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="274"/>
        <source>Recent documents:</source>
        <translation>最近的文档：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="275"/>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="315"/>
        <source>Checking onnxruntime</source>
        <translation>检查 onnxruntime</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="334"/>
        <source>onnxruntime could not be loaded: %1</source>
        <translation>无法加载 onnxruntime：%1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="336"/>
        <source>Checking which devices onnxruntime can use…</source>
        <translation>正在检测 onnxruntime 可用的设备…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="340"/>
        <source>onnxruntime %1 can use the GPU (CUDA).</source>
        <translation>onnxruntime %1 可以使用 GPU（CUDA）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/settings_page.py" line="342"/>
        <source>onnxruntime %1 runs on the CPU only: no CUDA GPU support is installed.</source>
        <translation>onnxruntime %1 只能在 CPU 上运行：未安装 CUDA GPU 支持。</translation>
    </message>
</context>
<context>
    <name>SimilarityPage</name>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="220"/>
        <source>Similarity &amp; Search</source>
        <translation>相似度与检索</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="222"/>
        <source>No SimBERT model is ready. Comparing sentences and searching texts need a converted SimBERT model (its encoder gives sentence vectors): import one on the Models page and convert it to ONNX.</source>
        <translation>没有可用的 SimBERT 模型。比较句子和检索文本需要一个已转换的 SimBERT 模型（由其编码器生成句向量）：请在“模型”页面导入一个，并将其转换为 ONNX。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="224"/>
        <source>Open Models</source>
        <translation>打开“模型”页面</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="225"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="226"/>
        <source>Max tokens per text:</source>
        <translation>每条文本最大 token 数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="227"/>
        <source>Longer texts are cut to this many tokens before they are encoded</source>
        <translation>超出此 token 数的文本会在编码前被截断</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="228"/>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="234"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="229"/>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="255"/>
        <source>Search</source>
        <translation>检索</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="230"/>
        <source>Sentence A:</source>
        <translation>句子 A：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="231"/>
        <source>The sentence the others are compared with</source>
        <translation>用来与其他句子比较的句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="232"/>
        <source>Sentences to compare with A (one per line):</source>
        <translation>与 A 比较的句子（每行一句）：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="233"/>
        <source>One sentence per line</source>
        <translation>每行一句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="235"/>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="256"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="236"/>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="257"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="237"/>
        <source>Corpus:</source>
        <translation>语料：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="238"/>
        <source>A file of sentences (one per line) or a folder of documents</source>
        <translation>句子文件（每行一句）或文档文件夹</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="239"/>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="240"/>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="241"/>
        <source>One entry is:</source>
        <translation>每个条目为：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="243"/>
        <source>Automatic (a line of a file, a sentence of a folder&apos;s documents)</source>
        <translation>自动（文件按行，文件夹中的文档按句）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="244"/>
        <source>A line</source>
        <translation>一行</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="245"/>
        <source>A sentence</source>
        <translation>一句</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="246"/>
        <source>A whole document</source>
        <translation>整篇文档</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="250"/>
        <source>Build index</source>
        <translation>建立索引</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="251"/>
        <source>Encode the corpus; the index is cached, so only new or changed texts are encoded next time</source>
        <translation>对语料进行编码；索引会被缓存，下次只编码新增或改动的文本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="252"/>
        <source>Query:</source>
        <translation>查询：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="253"/>
        <source>Find the entries closest in meaning to this text</source>
        <translation>查找与这段文本语义最接近的条目</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="254"/>
        <source>Results:</source>
        <translation>结果数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="270"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="270"/>
        <source>Sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="270"/>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="273"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="273"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="273"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="273"/>
        <source>Line / offset</source>
        <translation>行号 / 偏移</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="273"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="299"/>
        <source>Comparing sentences</source>
        <translation>比较句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="322"/>
        <source>%1 sentences compared</source>
        <translation>已比较 %1 个句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="324"/>
        <source>Similarities ready</source>
        <translation>相似度已算出</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="328"/>
        <source>Could not compare the sentences</source>
        <translation>无法比较句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="344"/>
        <source>Choose a corpus file</source>
        <translation>选择语料文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="346"/>
        <source>Texts and documents (*.txt *.md *.docx *.pdf *.html *.htm);;All files (*)</source>
        <translation>文本和文档 (*.txt *.md *.docx *.pdf *.html *.htm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="352"/>
        <source>Choose a corpus folder</source>
        <translation>选择语料文件夹</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="371"/>
        <source>Indexing %1</source>
        <translation>为 %1 建立索引</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="395"/>
        <source>Index ready: %1 entries</source>
        <translation>索引已建好：共 %1 个条目</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="399"/>
        <source>Could not build the index</source>
        <translation>无法建立索引</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="418"/>
        <source>No index yet: choose a file or folder and build its index.</source>
        <translation>尚无索引：请选择文件或文件夹并为其建立索引。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="422"/>
        <source>%1 entries (%2 distinct texts): %3 encoded now, %4 reused from the cache.</source>
        <translation>共 %1 个条目（%2 条不重复文本）：本次编码 %3 条，从缓存复用 %4 条。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="428"/>
        <source>Files read: %1, unchanged: %2.</source>
        <translation>已读取文件：%1 个，未改动：%2 个。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="430"/>
        <source>Skipped (unreadable): %1.</source>
        <translation>已跳过（无法读取）：%1。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="444"/>
        <source>Searching</source>
        <translation>检索</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="468"/>
        <source>%1 results</source>
        <translation>%1 条结果</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="472"/>
        <source>Could not search the corpus</source>
        <translation>无法检索语料</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="481"/>
        <source>Export the results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="486"/>
        <source>Exporting</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="494"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="498"/>
        <source>Could not export the results</source>
        <translation>无法导出结果</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/similarity_page.py" line="508"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>SummarizePage</name>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="332"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="333"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="334"/>
        <source>Open .txt, .md, .docx, .pdf or .html files</source>
        <translation>打开 .txt、.md、.docx、.pdf 或 .html 文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="335"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="337"/>
        <source>Paste or type text here, open a document, or drop files anywhere on this window.</source>
        <translation>在此粘贴或输入文本，打开文档，或把文件拖到窗口任意位置。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="339"/>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="353"/>
        <source>Summary length:</source>
        <translation>摘要长度：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="340"/>
        <source> characters</source>
        <translation> 字</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="341"/>
        <source>The summary is at most this many characters long</source>
        <translation>摘要的最大字数</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="342"/>
        <source>Summarize</source>
        <comment>button</comment>
        <translation>生成摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="343"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="344"/>
        <source>A converted T5 PEGASUS model writes the summary in new words; the built-in summarizer picks sentences</source>
        <translation>已转换的 T5 PEGASUS 模型会用新的措辞撰写摘要；内置摘要功能则从原文中挑选句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="345"/>
        <source>Built-in extractive summarizer</source>
        <translation>内置抽取式摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="346"/>
        <source>Decoding:</source>
        <translation>解码方式：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="347"/>
        <source>Greedy</source>
        <translation>贪心解码</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="347"/>
        <source>Beam search</source>
        <translation>束搜索</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="347"/>
        <source>Sampling</source>
        <translation>随机采样</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="350"/>
        <source>Greedy takes the likeliest word at each step; beam search keeps several candidates; sampling draws words at random</source>
        <translation>贪心解码每一步都选概率最高的词；束搜索同时保留多个候选；随机采样则按概率随机抽取词</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="352"/>
        <source>Beam size:</source>
        <translation>束宽：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="354"/>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="357"/>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="355"/>
        <source>The summary is at most this many tokens (words or characters) long</source>
        <translation>摘要的最大 token 数（token 为词或字）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="356"/>
        <source>Read in parts of:</source>
        <translation>分段长度：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="359"/>
        <source>A longer document is cut into parts of this size; each part is summarized, then the part summaries together</source>
        <translation>较长的文档会被切分成此长度的段落；先为每段生成摘要，再对各段摘要合并生成摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="361"/>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="362"/>
        <source>Above 1 makes unlikely words likelier; below 1 the opposite</source>
        <translation>大于 1 时，低概率的词更容易被选中；小于 1 时则相反</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="363"/>
        <source>Top-k:</source>
        <translation>Top-k 采样：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="364"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="365"/>
        <source>Sample only among the k likeliest words</source>
        <translation>只在概率最高的 k 个词中采样</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="366"/>
        <source>Top-p:</source>
        <translation>Top-p 采样：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="367"/>
        <source>Sample only among the likeliest words that together reach this probability (1 = all)</source>
        <translation>只在累计概率达到此值的高概率词中采样（1 = 全部）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="368"/>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="369"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="370"/>
        <source>The same seed, text and options give the same sampled summary</source>
        <translation>相同的种子、文本和选项会采样出相同的摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="376"/>
        <source>Summaries written in new words (abstractive) need a T5 PEGASUS model: import one and convert it on the Models page. Until then the built-in extractive summarizer is used.</source>
        <translation>用新的措辞撰写摘要（生成式摘要）需要 T5 PEGASUS 模型：请在“模型”页面导入并转换。在此之前将使用内置的抽取式摘要功能。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="380"/>
        <source>Open Models</source>
        <translation>打开“模型”页面</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="623"/>
        <source>Summarizing with %1</source>
        <translation>用 %1 生成摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="693"/>
        <source>Summary cancelled</source>
        <translation>已取消生成摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="722"/>
        <source>Extractive summary (built in, no model needed): the most central sentences, taken from the text as they are.</source>
        <translation>抽取式摘要（内置功能，无需模型）：从原文中原样选取最核心的句子。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="371"/>
        <source>The summary will appear here.</source>
        <translation>摘要将显示在这里。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="372"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="373"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="382"/>
        <source>Queued files</source>
        <translation>待处理文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="383"/>
        <source>Files dropped together wait here; double-click one to open it. The Batch page will process them all.</source>
        <translation>一次拖入的多个文件在此等待；双击即可打开。“批量处理”页面将来会一并处理它们。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="384"/>
        <source>Clear queue</source>
        <translation>清空队列</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="385"/>
        <source>Recent documents</source>
        <translation>最近的文档</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="429"/>
        <source>Opening %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="455"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="461"/>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="468"/>
        <source>Open documents</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="470"/>
        <source>Documents (*.txt *.md *.docx *.pdf *.html *.htm);;All files (*)</source>
        <translation>文档 (*.txt *.md *.docx *.pdf *.html *.htm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="505"/>
        <source>Word document</source>
        <translation>Word 文档</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="506"/>
        <source>PDF document</source>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="508"/>
        <source>%1 · %2 · %3 characters</source>
        <translation>%1 · %2 · %3 字</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="510"/>
        <source> (edited)</source>
        <translation>（已编辑）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="512"/>
        <source>Pasted text · %1 characters</source>
        <translation>粘贴的文本 · %1 字</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="514"/>
        <source>No document yet.</source>
        <translation>尚未打开文档。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="608"/>
        <source>Summarizing</source>
        <translation>生成摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="674"/>
        <source>Summary ready</source>
        <translation>摘要已生成</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="683"/>
        <source>Could not summarize the text</source>
        <translation>无法生成摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="724"/>
        <source>Abstractive summary by %1 (T5 PEGASUS): written by the model in its own words.</source>
        <translation>由 %1（T5 PEGASUS）生成的生成式摘要：由模型用自己的措辞撰写。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="733"/>
        <source>%1 characters from %2 sentences</source>
        <translation>%1 字，取自 %2 个句子</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="735"/>
        <source> (the sentence was shortened to fit)</source>
        <translation>（句子已截短以符合长度）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="738"/>
        <source>%1 characters, %2 tokens, in %3 s</source>
        <translation>%1 字，%2 个 token，用时 %3 秒</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="744"/>
        <source>; the document was read in %1 parts</source>
        <translation>；文档分 %1 段读取</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="746"/>
        <source> (the last pass saw a shortened text)</source>
        <translation>（最后一轮读取的是截短后的文本）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="752"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="754"/>
        <source>Writing the summary…</source>
        <translation>正在撰写摘要…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="756"/>
        <source>Summarizing part %1 of %2…</source>
        <translation>正在为第 %1 / %2 段生成摘要…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="758"/>
        <source>Summarizing part %1 of %2 of the part summaries (round %3)…</source>
        <translation>正在汇总各段摘要：第 %1 / %2 部分（第 %3 轮）…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="770"/>
        <source>sampling (temperature %1, top-k %2, top-p %3, seed %4)</source>
        <translation>随机采样（温度 %1，top-k %2，top-p %3，种子 %4）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="773"/>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="774"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="775"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="779"/>
        <source>beam search (beam size %1, temperature %2)</source>
        <translation>束搜索（束宽 %1，温度 %2）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="784"/>
        <source>greedy decoding</source>
        <translation>贪心解码</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="786"/>
        <source>Abstractive summary made by Zoo Desktop with the T5 PEGASUS model %1: %2, at most %3 tokens, read in parts of %4 tokens.</source>
        <translation>由追一模型桌面版使用 T5 PEGASUS 模型 %1 生成的生成式摘要：%2，最多 %3 个 token，按每段 %4 个 token 分段读取。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="795"/>
        <source>Summary copied</source>
        <translation>摘要已复制</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="798"/>
        <source>pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="804"/>
        <source>Summary of %1</source>
        <translation>%1 的摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="768"/>
        <source>Extractive summary made by Zoo Desktop&apos;s built-in summarizer (no model).</source>
        <translation>由追一模型桌面版内置摘要功能生成的抽取式摘要（未使用模型）。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="807"/>
        <source>Saving %1</source>
        <translation>保存 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="816"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="820"/>
        <source>Could not save the summary</source>
        <translation>无法保存摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="823"/>
        <source>Text (*.txt)</source>
        <translation>文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="823"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="825"/>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/summarize_page.py" line="827"/>
        <source>Save the summary</source>
        <translation>保存摘要</translation>
    </message>
</context>
<context>
    <name>TrainPage</name>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="285"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="287"/>
        <source>Fine-tune a model on your own examples: a text classifier from RoBERTa or WoBERT, or a summarizer from T5 PEGASUS. Training runs TensorFlow in the background and installs the new model when it is done.</source>
        <translation>用你自己的样本微调模型：基于 RoBERTa 或 WoBERT 训练文本分类模型，或基于 T5 PEGASUS 训练摘要模型。训练在后台运行 TensorFlow，完成后自动安装新模型。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="289"/>
        <source>What to train:</source>
        <translation>训练内容：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="290"/>
        <source>Text classifier (from RoBERTa or WoBERT)</source>
        <translation>文本分类模型（基于 RoBERTa 或 WoBERT）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="291"/>
        <source>Summarizer (from T5 PEGASUS)</source>
        <translation>摘要模型（基于 T5 PEGASUS）</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="292"/>
        <source>Base model:</source>
        <translation>基础模型：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="293"/>
        <source>Training file:</source>
        <translation>训练文件：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="294"/>
        <location filename="../../zoo_desktop/app/train_page.py" line="296"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="295"/>
        <source>Validation file:</source>
        <translation>验证文件：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="297"/>
        <source>Optional: without one, 10% of the training file is held out</source>
        <translation>可选：不指定时，将从训练文件中留出 10% 用于验证</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="298"/>
        <source>New model id:</source>
        <translation>新模型 ID：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="299"/>
        <source>e.g. my-classifier</source>
        <translation>例如 my-classifier</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="300"/>
        <source>Epochs:</source>
        <translation>训练轮数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="301"/>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="302"/>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="303"/>
        <source>Summary tokens:</source>
        <translation>摘要 token 数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="304"/>
        <source>Learning-rate schedule:</source>
        <translation>学习率调度：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="305"/>
        <source>The recipe&apos;s own</source>
        <translation>配方自带</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="306"/>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="307"/>
        <source>Linear decay with warm-up</source>
        <translation>预热后线性衰减</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="309"/>
        <source>The recipe&apos;s own: for a classifier, warm-up over 1000 steps, then down to 10% at step 2000; for a summarizer, constant (as T5 PEGASUS&apos;s finetune.py). Linear decay: warm-up from 0, then down to 0 at the end.</source>
        <translation>配方自带：分类器在前 1000 步预热，到第 2000 步降到 10%；摘要模型保持恒定（同 T5 PEGASUS 的 finetune.py）。线性衰减：从 0 开始预热，到训练结束时降到 0。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="311"/>
        <source>Warm-up steps:</source>
        <translation>预热步数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="312"/>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="313"/>
        <source>The same seed, data and settings train the same model</source>
        <translation>相同的种子、数据和设置会训练出相同的模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="314"/>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="315"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="316"/>
        <source>Discard and start over</source>
        <translation>放弃并重新开始</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="317"/>
        <source>Open Models</source>
        <translation>打开“模型”页面</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="332"/>
        <source>Max tokens:</source>
        <translation>最大 token 数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="333"/>
        <source>TSV or CSV: text, then label</source>
        <translation>TSV 或 CSV：先文本，后标签</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="335"/>
        <source>Source tokens:</source>
        <translation>原文 token 数：</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="336"/>
        <source>TSV or CSV: text, then its summary</source>
        <translation>TSV 或 CSV：先文本，后其摘要</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="340"/>
        <source>Validation accuracy</source>
        <translation>验证集准确率</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="340"/>
        <source>Validation BLEU</source>
        <translation>验证集 BLEU</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="381"/>
        <source>No base model for a classifier is installed. Install RoBERTa or WoBERT (for example RoBERTa Tiny) on the Models page; it does not need to be converted.</source>
        <translation>尚未安装可用于训练分类模型的基础模型。请在“模型”页面安装 RoBERTa 或 WoBERT（例如 RoBERTa Tiny），无需转换。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="385"/>
        <source>No base model for a summarizer is installed. Install T5 PEGASUS on the Models page; it does not need to be converted.</source>
        <translation>尚未安装可用于训练摘要模型的基础模型。请在“模型”页面安装 T5 PEGASUS，无需转换。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="462"/>
        <source>Choose the training file</source>
        <translation>选择训练文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="467"/>
        <source>Choose the validation file</source>
        <translation>选择验证文件</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="475"/>
        <source>Tables (%1);;All files (*)</source>
        <translation>表格 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="501"/>
        <source>Checking %1</source>
        <translation>检查 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="533"/>
        <source>This data cannot be used: %1</source>
        <translation>无法使用此数据：%1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="539"/>
        <source>Checking the data…</source>
        <translation>正在检查数据…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="545"/>
        <source>%1 training examples; 10% will be held out for validation.</source>
        <translation>%1 条训练样本；将留出 10% 用于验证。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="548"/>
        <source>%1 training and %2 validation examples.</source>
        <translation>%1 条训练样本，%2 条验证样本。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="552"/>
        <source>%1 classes: %2</source>
        <translation>%1 个类别：%2</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="555"/>
        <source>Very few examples of: %1. The model will hardly learn them.</source>
        <translation>以下类别的样本很少：%1。模型很难学会它们。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="557"/>
        <source>The validation file has no examples of: %1.</source>
        <translation>验证文件中没有以下类别的样本：%1。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="559"/>
        <source>That is very little data: expect a weak model.</source>
        <translation>数据量很少：训练出的模型效果可能较差。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="576"/>
        <source>Give the new model an id.</source>
        <translation>请为新模型指定一个 ID。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="580"/>
        <source>Use 1-64 lowercase letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>请使用 1–64 个小写字母、数字、“.”、“_”或“-”，并以字母或数字开头。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="582"/>
        <source>A model with this id is installed already; choose another id.</source>
        <translation>已安装了使用此 ID 的模型，请换一个 ID。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="604"/>
        <source>Looking for an interrupted run</source>
        <translation>查找中断的训练</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="626"/>
        <source>An unfinished training run of %1 was found: %2 of %3 epochs done.</source>
        <translation>发现 %1 有一次未完成的训练：已完成 %2 / %3 轮。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="629"/>
        <source>Resume continues it; choose the same files and settings it was started with.</source>
        <translation>点击“继续”可接着训练；请选择与开始时相同的文件和设置。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="631"/>
        <source>Resume continues it with the files and settings it was started with.</source>
        <translation>点击“继续”将沿用开始时的文件和设置接着训练。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="718"/>
        <source>Training %1</source>
        <translation>训练 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="728"/>
        <source>Training %1 from %2…</source>
        <translation>正在基于 %2 训练 %1…</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="765"/>
        <source>Building the model on %1</source>
        <translation>正在 %1 上构建模型</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="767"/>
        <source>Resuming the interrupted run after epoch %1</source>
        <translation>从第 %1 轮之后继续中断的训练</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="769"/>
        <source>The exported ONNX model gives the same answers as TensorFlow</source>
        <translation>导出的 ONNX 模型与 TensorFlow 的输出一致</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="771"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="774"/>
        <source>Epoch %1/%2: training loss %3</source>
        <translation>第 %1/%2 轮：训练损失 %3</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="793"/>
        <source>Trained and installed %1</source>
        <translation>已训练并安装 %1</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="797"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="804"/>
        <source>Training cancelled. Finished epochs are kept: Resume continues from the last one.</source>
        <translation>训练已取消。已完成的轮次会保留：点击“继续”可从最后一轮接着训练。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="805"/>
        <source>Training cancelled</source>
        <translation>训练已取消</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="823"/>
        <source>%1 is trained and installed in %2.</source>
        <translation>%1 已训练完成并安装到 %2。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="825"/>
        <source>Best epoch %1: %2 %3.</source>
        <translation>最佳轮次为第 %1 轮：%2 %3。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="830"/>
        <source>Use it on the Classify page</source>
        <translation>在“分类”页面使用</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/train_page.py" line="832"/>
        <source>Use it on the Summarize page</source>
        <translation>在“摘要”页面使用</translation>
    </message>
</context>
<context>
    <name>TrainingChart</name>
    <message>
        <location filename="../../zoo_desktop/app/training_chart.py" line="89"/>
        <source>Loss per step</source>
        <translation>每步损失</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/training_chart.py" line="90"/>
        <source>Loss per epoch</source>
        <translation>每轮损失</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/training_chart.py" line="92"/>
        <source>The curves appear here while the model trains.</source>
        <translation>模型训练时，曲线将显示在这里。</translation>
    </message>
    <message>
        <location filename="../../zoo_desktop/app/training_chart.py" line="93"/>
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
</TS>
