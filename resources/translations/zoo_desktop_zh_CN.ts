<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>ErrorDialog</name>
        <message>
            <location filename="../../zoo_desktop/app/error_dialog.py" line="110" />
            <source>Error</source>
            <translation>出错了</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/error_dialog.py" line="111" />
            <source>Hide details</source>
            <translation>隐藏详情</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/error_dialog.py" line="111" />
            <source>Show details</source>
            <translation>显示详情</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/error_dialog.py" line="112" />
            <source>Copy details</source>
            <translation>复制详情</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/error_dialog.py" line="113" />
            <source>Open log folder</source>
            <translation>打开日志文件夹</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/error_dialog.py" line="115" />
            <source>More details are in the log file: %1</source>
            <translation>更多信息见日志文件：%1</translation>
        </message>
    </context>
    <context>
        <name>Formatting</name>
        <message>
            <location filename="../../zoo_desktop/app/formatting.py" line="22" />
            <source>%1/s</source>
            <translation>%1/秒</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/formatting.py" line="27" />
            <source>unknown time</source>
            <translation>时间未知</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/formatting.py" line="30" />
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/formatting.py" line="32" />
            <source>%1 min %2 s</source>
            <translation>%1 分 %2 秒</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/formatting.py" line="33" />
            <source>%1 h %2 min</source>
            <translation>%1 小时 %2 分</translation>
        </message>
    </context>
    <context>
        <name>JobRow</name>
        <message>
            <location filename="../../zoo_desktop/app/job_panel.py" line="77" />
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/job_panel.py" line="77" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/job_panel.py" line="81" />
            <source>Starting…</source>
            <translation>正在开始…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/job_panel.py" line="121" />
            <source>%1 left</source>
            <translation>剩余 %1</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="10" />
            <source>Not installed</source>
            <translation>未安装</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="11" />
            <source>Imported</source>
            <translation>已导入</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="12" />
            <source>Converted</source>
            <translation>已转换</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="13" />
            <source>Verified</source>
            <translation>已校验</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="14" />
            <source>Broken</source>
            <translation>已损坏</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="21" />
            <source>classification</source>
            <translation>分类</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="22" />
            <source>sentence vectors</source>
            <translation>句向量</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="23" />
            <source>similarity</source>
            <translation>相似度</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="24" />
            <source>search</source>
            <translation>检索</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="25" />
            <source>paraphrase</source>
            <translation>同义句</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="26" />
            <source>summarization</source>
            <translation>摘要</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="27" />
            <source>generation</source>
            <translation>文本生成</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="35" />
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="48" />
            <source>Downloading</source>
            <translation>正在下载</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="49" />
            <source>Unpacking</source>
            <translation>正在解压</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="50" />
            <source>Copying files</source>
            <translation>正在复制文件</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="51" />
            <source>Checking the checkpoint</source>
            <translation>正在检查检查点</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="52" />
            <location filename="../../zoo_desktop/app/labels.py" line="62" />
            <source>Checking file integrity</source>
            <translation>正在校验文件</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="53" />
            <source>Installing</source>
            <translation>正在安装</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="54" />
            <source>Starting the converter</source>
            <translation>正在启动转换程序</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="55" />
            <source>Loading the checkpoint</source>
            <translation>正在加载检查点</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="56" />
            <source>Building the model</source>
            <translation>正在构建模型</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="57" />
            <location filename="../../zoo_desktop/app/labels.py" line="58" />
            <source>Converting to ONNX</source>
            <translation>正在转换为 ONNX</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="59" />
            <source>Optimizing</source>
            <translation>正在优化</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="60" />
            <source>Quantizing</source>
            <translation>正在量化</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="61" />
            <source>Comparing outputs with TensorFlow</source>
            <translation>正在与 TensorFlow 比对输出</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="63" />
            <source>Writing files</source>
            <translation>正在写入文件</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/labels.py" line="65" />
            <source>Working</source>
            <translation>正在处理</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="156" />
            <source>Zoo Desktop %1</source>
            <translation>追一模型桌面版 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="158" />
            <source>Summarize</source>
            <translation>摘要</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="159" />
            <source>Classify</source>
            <translation>分类</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="160" />
            <source>Similarity &amp; Search</source>
            <translation>相似度与检索</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="161" />
            <source>Paraphrase</source>
            <translation>同义句</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="162" />
            <source>Batch</source>
            <translation>批量处理</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="163" />
            <source>Train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="164" />
            <source>Models</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="165" />
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="167" />
            <source>Not available yet: arrives with the inference engine</source>
            <translation>暂未开放：将随推理引擎一同提供</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/main_window.py" line="172" />
            <source>Drop files anywhere on the window to summarize them</source>
            <translation>把文件拖到窗口任意位置即可生成摘要</translation>
        </message>
        <message numerus="yes">
            <location filename="../../zoo_desktop/app/main_window.py" line="193" />
            <source>%n job(s) running</source>
            <translation>
                <numerusform>%n 个任务正在运行</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ModelsPage</name>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="144" />
            <source>Models</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="147" />
            <source>Import a released checkpoint (zip or folder), download one, or open a package a colleague exported. Convert it once to ONNX to use it on the other pages.</source>
            <translation>导入官方发布的检查点（zip 或文件夹），在线下载，或打开同事导出的模型包。转换为 ONNX 一次后，即可在其他页面使用。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="151" />
            <source>Import from file…</source>
            <translation>从文件导入…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="152" />
            <source>A release .zip or a .zoomodel package</source>
            <translation>发布的 .zip 压缩包或 .zoomodel 模型包</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="153" />
            <source>Import from folder…</source>
            <translation>从文件夹导入…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="154" />
            <source>An extracted release folder</source>
            <translation>已解压的发布文件夹</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="155" />
            <source>Import from URL…</source>
            <translation>从网址导入…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="156" />
            <source>Download a release archive and import it</source>
            <translation>下载发布的压缩包并导入</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="157" />
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="159" />
            <source>Model ID</source>
            <translation>模型 ID</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="159" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="159" />
            <source>Family</source>
            <translation>系列</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="159" />
            <source>Tasks</source>
            <translation>用途</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="159" />
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="159" />
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="159" />
            <source>On disk</source>
            <translation>占用空间</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="161" />
            <source>Estimated size of the float32 weights</source>
            <translation>float32 权重的估计大小</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="162" />
            <source>Convert to ONNX</source>
            <translation>转换为 ONNX</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="163" />
            <source>Convert the checkpoint once to ONNX (runs TensorFlow in a separate process)</source>
            <translation>将检查点一次性转换为 ONNX（在独立进程中运行 TensorFlow）</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="165" />
            <source>FP32 (exact)</source>
            <translation>FP32（精确）</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="165" />
            <source>Full precision: the same results as the original model</source>
            <translation>全精度：结果与原模型一致</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="166" />
            <source>FP16 (half the size)</source>
            <translation>FP16（体积减半）</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="166" />
            <source>Half-precision weights: smaller, best on a GPU</source>
            <translation>半精度权重：体积更小，适合 GPU</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="167" />
            <source>INT8 (smallest)</source>
            <translation>INT8（体积最小）</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="167" />
            <source>8-bit weights: smallest and fastest on a CPU, slightly less accurate</source>
            <translation>8 位权重：体积最小，在 CPU 上最快，精度略低</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="172" />
            <source>Precision of the converted model</source>
            <translation>转换后模型的精度</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="173" />
            <source>Verify</source>
            <translation>校验</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="174" />
            <source>Re-check every file of the model against its recorded SHA-256</source>
            <translation>按记录的 SHA-256 重新校验模型的每个文件</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="175" />
            <source>Export package…</source>
            <translation>导出模型包…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="176" />
            <source>Write a .zoomodel package to share with colleagues</source>
            <translation>生成 .zoomodel 模型包，便于分享给同事</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="177" />
            <source>Remove…</source>
            <translation>删除…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="178" />
            <source>Show on disk</source>
            <translation>在文件夹中显示</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="209" />
            <source>Reading the model store</source>
            <translation>读取模型库</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="251" />
            <source>Reading the model store…</source>
            <translation>正在读取模型库…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="252" />
            <source>%1 models in the catalog, %2 installed.</source>
            <translation>目录中共 %1 个模型，已安装 %2 个。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="253" />
            <source>Could not read the model store: %1</source>
            <translation>无法读取模型库：%1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="254" />
            <source>Imported %1.</source>
            <translation>已导入 %1。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="255" />
            <source>Converted %1 to ONNX.</source>
            <translation>已将 %1 转换为 ONNX。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="256" />
            <source>%1: all %2 files are intact.</source>
            <translation>%1：全部 %2 个文件完好。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="257" />
            <source>%1 is broken: %2 files missing, %3 changed.</source>
            <translation>%1 已损坏：缺少 %2 个文件，%3 个文件被改动。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="258" />
            <source>Exported %1 to %2.</source>
            <translation>已将 %1 导出到 %2。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="259" />
            <source>Removed %1.</source>
            <translation>已删除 %1。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="260" />
            <source>Cancelled: %1.</source>
            <translation>已取消：%1。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="270" />
            <location filename="../../zoo_desktop/app/models_page.py" line="408" />
            <source>Custom model</source>
            <translation>自定义模型</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="371" />
            <source>Importing %1</source>
            <translation>导入 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="403" />
            <source>Could not import the model</source>
            <translation>无法导入模型</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="410" />
            <source>This model matches none of the zoo's models. Give it an ID to import it as a custom model (lowercase letters, digits, '.', '_' or '-'):</source>
            <translation>该模型与模型库中的任何模型都不匹配。请为它指定一个 ID，作为自定义模型导入（可用小写字母、数字、“.”、“_”或“-”）：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="421" />
            <source>Replace model</source>
            <translation>替换模型</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="422" />
            <source>This model is already installed. Replace it with the one from %1?</source>
            <translation>该模型已安装。要用 %1 中的模型替换它吗？</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="431" />
            <source>Import a model</source>
            <translation>导入模型</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="433" />
            <source>Model archives (*.zip *.zoomodel);;All files (*)</source>
            <translation>模型压缩包 (*.zip *.zoomodel);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="439" />
            <source>Import a model folder</source>
            <translation>导入模型文件夹</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="448" />
            <source>Import from URL</source>
            <translation>从网址导入</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="449" />
            <source>Address of a release .zip (http or https):</source>
            <translation>发布压缩包 (.zip) 的网址（http 或 https）：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="462" />
            <source>Converting %1</source>
            <translation>转换 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="467" />
            <source>Could not convert %1</source>
            <translation>无法转换 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="477" />
            <source>Verifying %1</source>
            <translation>校验 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="481" />
            <source>Could not verify %1</source>
            <translation>无法校验 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="488" />
            <source>Missing: %1</source>
            <translation>缺少：%1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="489" />
            <source>Changed: %1</source>
            <translation>已改动：%1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="492" />
            <source>%1 is broken</source>
            <translation>%1 已损坏</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="493" />
            <source>Some of its files are missing or were changed after the import. Remove the model and import it again.</source>
            <translation>部分文件缺失或在导入后被改动。请删除该模型后重新导入。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="506" />
            <source>Exporting %1</source>
            <translation>导出 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="510" />
            <source>Could not export %1</source>
            <translation>无法导出 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="524" />
            <location filename="../../zoo_desktop/app/models_page.py" line="537" />
            <source>Export package</source>
            <translation>导出模型包</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="526" />
            <source>%1 has not been converted yet, so its package can only carry the TensorFlow checkpoint (larger; the receiver will have to convert it). Export it with the checkpoint?</source>
            <translation>%1 尚未转换，模型包只能携带 TensorFlow 检查点（体积较大，接收方需自行转换）。仍要连同检查点一起导出吗？</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="539" />
            <source>Zoo Desktop packages (*.zoomodel)</source>
            <translation>追一模型包 (*.zoomodel)</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="547" />
            <source>Remove model</source>
            <translation>删除模型</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="548" />
            <source>Remove %1 and delete its files from disk? This cannot be undone.</source>
            <translation>要删除 %1 并从磁盘上移除其文件吗？此操作无法撤销。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="555" />
            <source>Removing %1</source>
            <translation>删除 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/models_page.py" line="557" />
            <source>Could not remove %1</source>
            <translation>无法删除 %1</translation>
        </message>
    </context>
    <context>
        <name>PendingPage</name>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="26" />
            <source>Classify</source>
            <translation>分类</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="27" />
            <source>Needs a converted RoBERTa or WoBERT model.</source>
            <translation>需要一个已转换的 RoBERTa 或 WoBERT 模型。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="28" />
            <source>Sort texts into your own categories with a classifier fine-tuned on the Train page, one text at a time or a whole file.</source>
            <translation>用在“训练”页面微调出的分类器，把文本归入你自己定义的类别，可逐条处理，也可整份文件处理。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="31" />
            <source>Similarity &amp; Search</source>
            <translation>相似度与检索</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="32" />
            <source>Needs a converted SimBERT model.</source>
            <translation>需要一个已转换的 SimBERT 模型。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="33" />
            <source>Measure how close two sentences are in meaning, and search a collection of texts for the passages closest to a query.</source>
            <translation>衡量两句话在语义上有多接近，并在一批文本中检索与查询最相近的段落。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="36" />
            <source>Paraphrase</source>
            <translation>同义句</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="37" />
            <source>Needs a converted SimBERT or WoBERT model.</source>
            <translation>需要一个已转换的 SimBERT 或 WoBERT 模型。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="38" />
            <source>Generate sentences that say the same thing in other words, ranked by similarity to the original.</source>
            <translation>生成意思相同、说法不同的句子，并按与原句的相似度排序。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="41" />
            <source>Batch</source>
            <translation>批量处理</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="42" />
            <source>Needs the converted model of each task it runs (SimBERT, RoBERTa, WoBERT or T5 PEGASUS).</source>
            <translation>需要所执行任务对应的已转换模型（SimBERT、RoBERTa、WoBERT 或 T5 PEGASUS）。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="43" />
            <source>Run summarizing, classification or similarity over many files at once and save the results as a table. Files dropped on the Summarize page wait in its queue until then.</source>
            <translation>一次对多个文件进行摘要、分类或相似度计算，并把结果保存为表格。在此之前，拖到“摘要”页面的文件会在其队列中等待。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="46" />
            <source>Train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="47" />
            <source>Needs an imported RoBERTa or WoBERT model and the converter (TensorFlow, run in a separate process).</source>
            <translation>需要一个已导入的 RoBERTa 或 WoBERT 模型，以及转换环境（TensorFlow，在独立进程中运行）。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="48" />
            <source>Fine-tune a model on your own labelled texts to build a classifier for the Classify page.</source>
            <translation>用你自己标注的文本微调模型，为“分类”页面训练分类器。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="103" />
            <source>This page is not available yet: it arrives with the inference engine.</source>
            <translation>此页面暂未开放，将随推理引擎一同提供。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="106" />
            <source>Open Models</source>
            <translation>打开“模型”页面</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="127" />
            <source>Your suitable models: %1</source>
            <translation>可用的模型：%1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="129" />
            <source>None of your models qualifies yet: import one on the Models page and convert it to ONNX.</source>
            <translation>暂无符合条件的模型：请在“模型”页面导入一个模型并转换为 ONNX。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/pending_page.py" line="131" />
            <source>None of your models qualifies yet: import one on the Models page.</source>
            <translation>暂无符合条件的模型：请在“模型”页面导入一个模型。</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="165" />
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="166" />
            <source>Language and appearance</source>
            <translation>语言与外观</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="167" />
            <source>Language:</source>
            <translation>语言：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="169" />
            <location filename="../../zoo_desktop/app/settings_page.py" line="173" />
            <source>Follow the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="172" />
            <source>Theme:</source>
            <translation>主题：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="174" />
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="175" />
            <source>Dark</source>
            <translation>深色</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="176" />
            <source>Running models</source>
            <translation>模型运行</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="177" />
            <source>Device:</source>
            <translation>设备：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="178" />
            <source>Automatic (GPU when available)</source>
            <translation>自动（有 GPU 时使用 GPU）</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="179" />
            <source>CPU only</source>
            <translation>仅使用 CPU</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="180" />
            <source>GPU 0 (CUDA)</source>
            <translation>GPU 0（CUDA）</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="181" />
            <source>CPU threads:</source>
            <translation>CPU 线程数：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="182" />
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="183" />
            <source>Threads used for inference on the CPU; Automatic lets onnxruntime choose</source>
            <translation>在 CPU 上推理时使用的线程数；选择“自动”则由 onnxruntime 决定</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="184" />
            <source>Used by the pages that run models (Classify, Similarity &amp; Search, Paraphrase, Batch).</source>
            <translation>用于运行模型的页面（分类、相似度与检索、同义句、批量处理）。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="186" />
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="187" />
            <source>Model store:</source>
            <translation>模型库：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="188" />
            <location filename="../../zoo_desktop/app/settings_page.py" line="196" />
            <source>Open folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="191" />
            <source>Models are kept in this folder. To use another folder, set the ZOO_HOME environment variable before starting Zoo Desktop; moving the store from here will come in a later version.</source>
            <translation>模型保存在此文件夹中。如需使用其他文件夹，请在启动前设置环境变量 ZOO_HOME；在此处迁移模型库的功能将在后续版本中提供。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="195" />
            <source>Log file:</source>
            <translation>日志文件：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="197" />
            <source>Recent documents:</source>
            <translation>最近的文档：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="198" />
            <source>Clear the list</source>
            <translation>清空列表</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="215" />
            <source>Checking onnxruntime</source>
            <translation>检查 onnxruntime</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="234" />
            <source>onnxruntime could not be loaded: %1</source>
            <translation>无法加载 onnxruntime：%1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="236" />
            <source>Checking which devices onnxruntime can use…</source>
            <translation>正在检测 onnxruntime 可用的设备…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="240" />
            <source>onnxruntime %1 can use the GPU (CUDA).</source>
            <translation>onnxruntime %1 可以使用 GPU（CUDA）。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/settings_page.py" line="242" />
            <source>onnxruntime %1 runs on the CPU only: no CUDA GPU support is installed.</source>
            <translation>onnxruntime %1 只能在 CPU 上运行：未安装 CUDA GPU 支持。</translation>
        </message>
    </context>
    <context>
        <name>SummarizePage</name>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="179" />
            <source>Summarize</source>
            <translation>摘要</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="180" />
            <source>Open…</source>
            <translation>打开…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="181" />
            <source>Open .txt, .md, .docx, .pdf or .html files</source>
            <translation>打开 .txt、.md、.docx、.pdf 或 .html 文件</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="182" />
            <source>Clear</source>
            <translation>清空</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="184" />
            <source>Paste or type text here, open a document, or drop files anywhere on this window.</source>
            <translation>在此粘贴或输入文本，打开文档，或把文件拖到窗口任意位置。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="186" />
            <source>Summary length:</source>
            <translation>摘要长度：</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="187" />
            <source> characters</source>
            <translation> 字</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="188" />
            <source>The summary is at most this many characters long</source>
            <translation>摘要的最大字数</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="189" />
            <source>Summarize</source>
            <comment>button</comment>
            <translation>生成摘要</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="191" />
            <source>Extractive summary (built in, no model needed): the most central sentences, taken from the text as they are.</source>
            <translation>抽取式摘要（内置功能，无需模型）：从原文中原样选取最核心的句子。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="193" />
            <source>The summary will appear here.</source>
            <translation>摘要将显示在这里。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="194" />
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="195" />
            <source>Save as…</source>
            <translation>另存为…</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="197" />
            <source>Summaries written in new words (abstractive, with a T5 PEGASUS model) will come to this page with the inference engine.</source>
            <translation>用新的语句改写的生成式摘要（基于 T5 PEGASUS 模型）将随推理引擎加入本页面。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="199" />
            <source>Queued files</source>
            <translation>待处理文件</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="200" />
            <source>Files dropped together wait here; double-click one to open it. The Batch page will process them all.</source>
            <translation>一次拖入的多个文件在此等待；双击即可打开。“批量处理”页面将来会一并处理它们。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="201" />
            <source>Clear queue</source>
            <translation>清空队列</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="202" />
            <source>Recent documents</source>
            <translation>最近的文档</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="246" />
            <source>Opening %1</source>
            <translation>打开 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="272" />
            <source>Opened %1</source>
            <translation>已打开 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="278" />
            <source>Could not open %1</source>
            <translation>无法打开 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="285" />
            <source>Open documents</source>
            <translation>打开文档</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="287" />
            <source>Documents (*.txt *.md *.docx *.pdf *.html *.htm);;All files (*)</source>
            <translation>文档 (*.txt *.md *.docx *.pdf *.html *.htm);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="322" />
            <source>Word document</source>
            <translation>Word 文档</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="323" />
            <source>PDF document</source>
            <translation>PDF 文档</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="325" />
            <source>%1 · %2 · %3 characters</source>
            <translation>%1 · %2 · %3 字</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="327" />
            <source> (edited)</source>
            <translation>（已编辑）</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="329" />
            <source>Pasted text · %1 characters</source>
            <translation>粘贴的文本 · %1 字</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="331" />
            <source>No document yet.</source>
            <translation>尚未打开文档。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="357" />
            <source>Summarizing</source>
            <translation>生成摘要</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="380" />
            <source>Summary ready</source>
            <translation>摘要已生成</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="384" />
            <source>Could not summarize the text</source>
            <translation>无法生成摘要</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="406" />
            <source>%1 characters from %2 sentences</source>
            <translation>%1 字，取自 %2 个句子</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="408" />
            <source> (the sentence was shortened to fit)</source>
            <translation>（句子已截短以符合长度）</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="413" />
            <source>Summary copied</source>
            <translation>摘要已复制</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="416" />
            <source>pasted text</source>
            <translation>粘贴的文本</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="422" />
            <source>Summary of %1</source>
            <translation>%1 的摘要</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="423" />
            <source>Extractive summary made by Zoo Desktop's built-in summarizer (no model).</source>
            <translation>由追一模型桌面版内置摘要功能生成的抽取式摘要（未使用模型）。</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="425" />
            <source>Saving %1</source>
            <translation>保存 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="434" />
            <source>Saved %1</source>
            <translation>已保存 %1</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="438" />
            <source>Could not save the summary</source>
            <translation>无法保存摘要</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="441" />
            <source>Text (*.txt)</source>
            <translation>文本 (*.txt)</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="441" />
            <source>Markdown (*.md)</source>
            <translation>Markdown (*.md)</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="443" />
            <source>Word document (*.docx)</source>
            <translation>Word 文档 (*.docx)</translation>
        </message>
        <message>
            <location filename="../../zoo_desktop/app/summarize_page.py" line="445" />
            <source>Save the summary</source>
            <translation>保存摘要</translation>
        </message>
    </context>
</TS>
