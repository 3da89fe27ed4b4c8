using System.Xml;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// XML elements serialized exactly as they read inside a whole document at their depth (indentation and line ends), so
/// that fragments written apart and joined are the document's own bytes.
/// </summary>
internal static class XmlFragment
{
    private static readonly XmlWriterSettings FragmentSettings = Fragments(JUnitReportWriter.WriterSettings);

    /// <summary>
    /// What <paramref name="write"/> writes as elements at <paramref name="depth"/> (the number of elements around them),
    /// after a sibling: each element on its own line, from the line end before the first; empty when it writes nothing.
    /// </summary>
    public static byte[] Of(int depth, Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using var writer = Open(buffer, depth);
        var from = buffer.Length;
        write(writer);
        writer.Flush();
        return buffer.GetBuffer().AsSpan((int)from, (int)(buffer.Length - from)).ToArray();
    }

    /// <summary>
    /// What <paramref name="write"/> writes at <paramref name="depth"/> after a sibling, cut before the next element: an
    /// element it leaves open keeps its start tag whole (<c>&gt;</c> included), so that children written apart can follow.
    /// </summary>
    public static byte[] OpenElement(int depth, Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using var writer = Open(buffer, depth);
        var from = (int)buffer.Length;
        write(writer);
        writer.Flush();
        var at = (int)buffer.Length;

        // XmlWriter closes a start tag only when what follows it is known: a child closes it here.
        writer.WriteStartElement("x");
        writer.Flush();
        var closed = buffer.Length > at && buffer.GetBuffer()[at] == (byte)'>';
        return buffer.GetBuffer().AsSpan(from, at - from + (closed ? 1 : 0)).ToArray();
    }

    // A writer inside `depth` elements, after a sibling: each parent's start tag is closed, and the next element starts on
    // a line of its own, as a later sibling in the document does.
    private static XmlWriter Open(MemoryStream buffer, int depth)
    {
        var writer = XmlWriter.Create(buffer, FragmentSettings);
        for (var i = 0; i < depth; i++)
        {
            writer.WriteStartElement("x");
        }

        writer.WriteStartElement("x");
        writer.WriteEndElement();
        writer.Flush();
        return writer;
    }

    private static XmlWriterSettings Fragments(XmlWriterSettings settings)
    {
        var fragments = settings.Clone();
        fragments.ConformanceLevel = ConformanceLevel.Fragment;
        fragments.OmitXmlDeclaration = true;
        fragments.CloseOutput = false;
        return fragments;
    }
}
