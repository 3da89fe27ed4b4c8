using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Guardrails.Cli.Tests.Layering;

/// <summary>
/// Which namespace uses which, read from compiled assemblies: every type a type names in its base type, interfaces,
/// attributes, field, method, property and local signatures, and every type, method and field token in its method bodies.
/// A nested type (closures and state machines included) counts as its outermost type's namespace.
/// </summary>
internal sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value, code => code.OperandType);

    private readonly string _prefix;

    private NamespaceGraph(string prefix) => _prefix = prefix;

    /// <summary>For each namespace, the namespaces it uses, each with the types that use it.</summary>
    public Dictionary<string, Dictionary<string, SortedSet<string>>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the assemblies; only namespaces that start with <paramref name="prefix"/> are kept.</summary>
    public static NamespaceGraph Read(IEnumerable<string> assemblyPaths, string prefix)
    {
        var graph = new NamespaceGraph(prefix);
        foreach (var path in assemblyPaths)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            graph.Add(pe, pe.GetMetadataReader());
        }

        return graph;
    }

    /// <summary>Every group of namespaces that use each other, round or through others (strongly connected components).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Edges.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next) && index.TryGetValue(next, out var nextIndex))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    cycles.Add(component);
                }
            }
        }

        foreach (var node in Edges.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    private void Add(PEReader pe, MetadataReader reader)
    {
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var from = OuterName(reader, handle);
            if (from is null)
            {
                continue;
            }

            var uses = new List<string>();
            var names = new TypeNames(this, reader);
            if (!type.BaseType.IsNil)
            {
                uses.AddRange(names.Of(type.BaseType));
            }

            foreach (var implementation in type.GetInterfaceImplementations())
            {
                uses.AddRange(names.Of(reader.GetInterfaceImplementation(implementation).Interface));
            }

            foreach (var parameter in type.GetGenericParameters())
            {
                foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
                {
                    uses.AddRange(names.Of(reader.GetGenericParameterConstraint(constraint).Type));
                }
            }

            uses.AddRange(names.OfAttributes(type.GetCustomAttributes()));
            foreach (var field in type.GetFields())
            {
                var definition = reader.GetFieldDefinition(field);
                uses.AddRange(definition.DecodeSignature(names, null));
                uses.AddRange(names.OfAttributes(definition.GetCustomAttributes()));
            }

            foreach (var property in type.GetProperties())
            {
                var definition = reader.GetPropertyDefinition(property);
                var signature = definition.DecodeSignature(names, null);
                uses.AddRange(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
                uses.AddRange(names.OfAttributes(definition.GetCustomAttributes()));
            }

            foreach (var method in type.GetMethods())
            {
                var definition = reader.GetMethodDefinition(method);
                var signature = definition.DecodeSignature(names, null);
                uses.AddRange(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
                uses.AddRange(names.OfAttributes(definition.GetCustomAttributes()));
                if (definition.RelativeVirtualAddress != 0)
                {
                    uses.AddRange(names.OfBody(pe.GetMethodBody(definition.RelativeVirtualAddress)));
                }
            }

            foreach (var to in uses)
            {
                if (!string.Equals(to, from.Value.Namespace, StringComparison.Ordinal))
                {
                    Note(from.Value.Namespace, to, from.Value.Type);
                }
            }
        }
    }

    private void Note(string from, string to, string fromType)
    {
        if (!Edges.TryGetValue(from, out var targets))
        {
            Edges[from] = targets = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        }

        if (!targets.TryGetValue(to, out var types))
        {
            targets[to] = types = new SortedSet<string>(StringComparer.Ordinal);
        }

        types.Add(fromType);
    }

    private bool Keeps(string ns) => ns.StartsWith(_prefix, StringComparison.Ordinal);

    // The namespace and name of the outermost type that holds this one, if its namespace is kept.
    private (string Namespace, string Type)? OuterName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }

        var ns = reader.GetString(type.Namespace);
        return Keeps(ns) ? (ns, reader.GetString(type.Name)) : null;
    }

    private string? NamespaceOf(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            reference = reader.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
        }

        var ns = reader.GetString(reference.Namespace);
        return Keeps(ns) ? ns : null;
    }

    // Decodes signatures into the kept namespaces they name.
    private sealed class TypeNames(NamespaceGraph graph, MetadataReader reader)
        : ISignatureTypeProvider<ImmutableArray<string>, object?>, ICustomAttributeTypeProvider<ImmutableArray<string>>
    {
        public IEnumerable<string> Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            HandleKind.MethodDefinition => OfMethod((MethodDefinitionHandle)handle),
            HandleKind.FieldDefinition => Of(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()),
            HandleKind.MemberReference => OfMember((MemberReferenceHandle)handle),
            HandleKind.MethodSpecification => OfMethodSpecification((MethodSpecificationHandle)handle),
            _ => [],
        };

        public IEnumerable<string> OfAttributes(CustomAttributeHandleCollection attributes) =>
            attributes.SelectMany(attribute => Of(reader.GetCustomAttribute(attribute).Constructor));

        public List<string> OfBody(MethodBodyBlock body)
        {
            var uses = new List<string>();
            if (!body.LocalSignature.IsNil)
            {
                var locals = reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
                uses.AddRange(locals.SelectMany(local => local));
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var value = (short)il.ReadByte();
                if (value == 0xFE)
                {
                    value = (short)(0xFE00 | il.ReadByte());
                }

                var operand = OperandTypes[value];
                if (operand is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
                {
                    uses.AddRange(Of(MetadataTokens.EntityHandle(il.ReadInt32())));
                    continue;
                }

                Skip(ref il, operand);
            }

            return uses;
        }

        private static void Skip(ref BlobReader il, OperandType operand)
        {
            switch (operand)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.ReadByte();
                    break;
                case OperandType.InlineVar:
                    il.ReadInt16();
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.ReadInt64();
                    break;
                case OperandType.InlineSwitch:
                    var count = il.ReadInt32();
                    il.Offset += count * 4;
                    break;
                default:
                    il.ReadInt32();
                    break;
            }
        }

        private IEnumerable<string> OfMethod(MethodDefinitionHandle handle) =>
            Of(reader.GetMethodDefinition(handle).GetDeclaringType());

        private IEnumerable<string> OfMember(MemberReferenceHandle handle)
        {
            var member = reader.GetMemberReference(handle);
            var parent = Of(member.Parent);
            return member.GetKind() == MemberReferenceKind.Method
                ? parent.Concat(MethodTypes(member.DecodeMethodSignature(this, null)))
                : parent.Concat(member.DecodeFieldSignature(this, null));
        }

        private IEnumerable<string> OfMethodSpecification(MethodSpecificationHandle handle)
        {
            var specification = reader.GetMethodSpecification(handle);
            return Of(specification.Method).Concat(specification.DecodeSignature(this, null).SelectMany(argument => argument));
        }

        private static IEnumerable<string> MethodTypes(MethodSignature<ImmutableArray<string>> signature) =>
            signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p));

        public ImmutableArray<string> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) =>
            graph.OuterName(metadata, handle) is { } name ? [name.Namespace] : [];

        public ImmutableArray<string> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) =>
            graph.NamespaceOf(metadata, handle) is { } ns ? [ns] : [];

        public ImmutableArray<string> GetTypeFromSpecification(MetadataReader metadata, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, context);

        public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
            genericType.AddRange(typeArguments.SelectMany(argument => argument));

        public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) => unmodifiedType;

        public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) => [.. MethodTypes(signature)];

        public ImmutableArray<string> GetGenericMethodParameter(object? context, int index) => [];

        public ImmutableArray<string> GetGenericTypeParameter(object? context, int index) => [];

        public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public ImmutableArray<string> GetSystemType() => [];

        public ImmutableArray<string> GetTypeFromSerializedName(string name) => [];

        public PrimitiveTypeCode GetUnderlyingEnumType(ImmutableArray<string> type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(ImmutableArray<string> type) => false;
    }
}
