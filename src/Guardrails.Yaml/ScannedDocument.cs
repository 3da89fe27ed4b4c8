using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Guardrails.Yaml;

/// <summary>One document's parser events, or the end of the stream; a parser failure ends the events.</summary>
internal sealed record ScannedDocument(List<ParsingEvent> Events, bool EndOfStream, Exception? Failure, Mark FailureMark);
