using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Neptune.Streams.Lambda.Generators;

/// <summary>
/// Writes a binder for each type a <c>GraphEventHandler&lt;T&gt;</c> in the compilation binds, and registers it from
/// a module initializer: the handler then binds an event's values straight to the type's constructor and setters
/// instead of writing them as JSON and reading that back. Only types System.Text.Json would bind from their public
/// constructor and properties get one (no System.Text.Json attribute, members of types the binder reads); the runtime
/// still checks each binder against the type's metadata before using it, and binds through JSON when they differ.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PropertyBinderGenerator : IIncrementalGenerator
{
    private const string Handlers = "global::Neptune.Streams.Lambda.Handlers.";
    private const string GraphEvents = "global::Neptune.Streams.Lambda.GraphEvents.";
    private const string ClassName = "__Binder__"; // the binder's class name, numbered when all binders are known

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<ImmutableArray<Binder?>> binders = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is TypeDeclarationSyntax { BaseList: not null } and (ClassDeclarationSyntax or RecordDeclarationSyntax),
                static (syntax, cancellationToken) => BinderFor(syntax, cancellationToken))
            .Collect();
        // Module initializers need C# 9: an older language version gets no binder (and binds through JSON).
        IncrementalValueProvider<string?> assembly = context.CompilationProvider.Select(static (compilation, _) =>
            compilation is CSharpCompilation { LanguageVersion: >= LanguageVersion.CSharp9 } ? compilation.AssemblyName ?? "Assembly" : null);
        context.RegisterSourceOutput(binders.Combine(assembly), static (output, found) => Emit(output, found.Left, found.Right));
    }

    private static Binder? BinderFor(GeneratorSyntaxContext syntax, CancellationToken cancellationToken)
    {
        if (syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, cancellationToken) is not INamedTypeSymbol handler)
        {
            return null;
        }

        for (INamedTypeSymbol? type = handler.BaseType; type is not null; type = type.BaseType)
        {
            if (type is { Name: "GraphEventHandler", Arity: 1 }
                && type.ContainingNamespace.ToDisplayString() == "Neptune.Streams.Lambda.Handlers"
                && type.TypeArguments[0] is INamedTypeSymbol bound)
            {
                return Describe(bound, syntax.SemanticModel.Compilation);
            }
        }

        return null;
    }

    // The members System.Text.Json binds when the type has none of its attributes; null when the generator leaves the
    // type to System.Text.Json (anything it cannot bind the same way).
    private static Binder? Describe(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic || type.IsGenericType
            || !compilation.IsSymbolAccessibleWithin(type, compilation.Assembly) || IsFileLocal(type)
            || HasJsonAttribute(type) || type.AllInterfaces.Any(i => InJsonNamespace(i)))
        {
            return null;
        }

        // The type's own members first, then its base types', as System.Text.Json's metadata lists them (the order of
        // init-only members' positions; the runtime check compares them).
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? declaring = type; declaring is not null && declaring.SpecialType != SpecialType.System_Object; declaring = declaring.BaseType)
        {
            chain.Add(declaring);
        }

        var properties = new List<IPropertySymbol>();
        foreach (IPropertySymbol property in chain.SelectMany(t => t.GetMembers().OfType<IPropertySymbol>()))
        {
            if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public)
            {
                continue;
            }

            if (HasJsonAttribute(property) || property.IsRequired || property.IsOverride || property.IsVirtual || property.IsAbstract
                || properties.Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase))
                || chain.Count(t => t.GetMembers(property.Name).Length > 0) > 1
                || Blocks(property) || Blocks(property.SetMethod))
            {
                // Names that differ by case, members hidden by another of any kind or access (code naming the member
                // on the bound type would reach the other one), overridden members, members whose use the compiler
                // would report in the user's build: left to System.Text.Json.
                return null;
            }

            properties.Add(property);
        }

        IMethodSymbol? constructor = Constructor(type);
        if (constructor is null || HasJsonAttribute(constructor) || Blocks(constructor) || Containing(type).Any(t => Blocks(t)))
        {
            return null;
        }

        var members = new List<Member>();
        foreach (IParameterSymbol parameter in constructor.Parameters)
        {
            IPropertySymbol? property = properties.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            string? read = property is null || parameter.RefKind != RefKind.None || !SymbolEqualityComparer.Default.Equals(property.Type, parameter.Type)
                ? null
                : ReadExpression(parameter.Type);
            string? fallback = DefaultOf(parameter);
            if (read is null || fallback is null)
            {
                return null;
            }

            members.Add(new Member(property!.Name, TypeName(parameter.Type), read, parameter.Ordinal, fallback, Setter: null));
        }

        foreach (IPropertySymbol property in properties)
        {
            if (members.Any(m => m.Name == property.Name) || property.SetMethod is not { DeclaredAccessibility: Accessibility.Public } setter)
            {
                continue; // bound by the constructor, or read-only: System.Text.Json sets neither
            }

            string? read = ReadExpression(property.Type);
            if (read is null)
            {
                return null;
            }

            // System.Text.Json sets an init-only property in the constructor call's object initializer, as one more
            // argument: missing from the event, it is set to its type's default (the initializer's value is lost).
            int position = setter.IsInitOnly ? constructor.Parameters.Length + members.Count(m => m.Position >= constructor.Parameters.Length) : -1;
            members.Add(new Member(property.Name, TypeName(property.Type), read, position, Default: "default", setter.IsInitOnly ? "init" : "set"));
        }

        return new Binder(TypeName(type), Source(TypeName(type), members));
    }

    // The constructor System.Text.Json picks without [JsonConstructor]: the public parameterless one, else the only public one.
    private static IMethodSymbol? Constructor(INamedTypeSymbol type)
    {
        IMethodSymbol[] constructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToArray();
        return constructors.FirstOrDefault(c => c.Parameters.Length == 0) ?? (constructors.Length == 1 ? constructors[0] : null);
    }

    private static string? DefaultOf(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return "default";
        }

        object? value = parameter.ExplicitDefaultValue;
        string? literal = value switch
        {
            null => "default",
            string or bool or char => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
            float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity"
                : float.IsNegativeInfinity(f) ? "float.NegativeInfinity" : f.ToString("R", CultureInfo.InvariantCulture) + "F",
            double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity"
                : double.IsNegativeInfinity(d) ? "double.NegativeInfinity" : d.ToString("R", CultureInfo.InvariantCulture) + "D",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            int or long or short or byte or sbyte or ushort or uint or ulong => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
            _ => null,
        };
        return literal is null ? null : $"({TypeName(parameter.Type)})({literal})";
    }

    // The GeneratedPropertyBinders call that reads a member of this type, or null when the binder reads no such member.
    private static string? ReadExpression(ITypeSymbol type)
    {
        if (IsScalar(type))
        {
            return $"{Handlers}GeneratedPropertyBinders.Read<{TypeName(type)}>(change)";
        }

        if (type is IArrayTypeSymbol { Rank: 1 } array && IsScalar(array.ElementType))
        {
            return $"{Handlers}GeneratedPropertyBinders.ReadArray<{TypeName(array.ElementType)}>(change)";
        }

        // System.Text.Json fills a List<T> for these (and for List<T> itself).
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named && IsScalar(named.TypeArguments[0])
            && named.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.List<T>" or "System.Collections.Generic.IList<T>"
                or "System.Collections.Generic.ICollection<T>" or "System.Collections.Generic.IEnumerable<T>"
                or "System.Collections.Generic.IReadOnlyList<T>" or "System.Collections.Generic.IReadOnlyCollection<T>")
        {
            return $"{Handlers}GeneratedPropertyBinders.ReadList<{TypeName(named.TypeArguments[0])}>(change)";
        }

        return null;
    }

    private static bool IsScalar(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
            if (type.SpecialType == SpecialType.System_String)
            {
                return false;
            }
        }

        return type.SpecialType switch
        {
            SpecialType.System_String or SpecialType.System_Boolean or SpecialType.System_Int32 or SpecialType.System_Int64
                or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_Single or SpecialType.System_Int16
                or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt16 or SpecialType.System_UInt32
                or SpecialType.System_UInt64 or SpecialType.System_DateTime => true,
            _ => type.ToDisplayString() is "System.DateTimeOffset" or "System.Guid",
        };
    }

    // The type and the types it is nested in.
    private static IEnumerable<INamedTypeSymbol> Containing(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
        {
            yield return type;
        }
    }

    // Attributes that make the compiler or the trim and AOT analyzers report a use: Experimental, an Obsolete with an
    // error or its own diagnostic id, Requires*. Plain [Obsolete] is not one of them (the generated file silences it,
    // as System.Text.Json's does).
    private static bool Blocks(ISymbol? symbol) =>
        symbol is not null && symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() switch
        {
            "System.Diagnostics.CodeAnalysis.ExperimentalAttribute" or "System.Diagnostics.CodeAnalysis.RequiresUnreferencedCodeAttribute"
                or "System.Diagnostics.CodeAnalysis.RequiresDynamicCodeAttribute" or "System.Diagnostics.CodeAnalysis.RequiresAssemblyFilesAttribute" => true,
            "System.ObsoleteAttribute" => a.ConstructorArguments.Length > 1 || a.NamedArguments.Length > 0,
            _ => false,
        });

    // The registering class is named after the assembly: a project that sees another's internals (InternalsVisibleTo, as
    // a function's tests often do) would otherwise see two classes of one name.
    // (A.B and A_B differ by the hash of the name.)
    private static string Sanitized(string? assemblyName)
    {
        string name = assemblyName ?? "Assembly";
        uint hash = 2166136261; // FNV-1a: stable across runs, unlike string.GetHashCode
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return new string(name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()) + "_" + hash.ToString("x8", CultureInfo.InvariantCulture);
    }

    // A file-local type (or one nested in it) cannot be named from the generated file.
    private static bool IsFileLocal(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    // A member named like a keyword (declared as @class) is written @class in code.
    private static string Identifier(string name) =>
        SyntaxFacts.IsReservedKeyword(SyntaxFacts.GetKeywordKind(name)) ? "@" + name : name;

    private static bool HasJsonAttribute(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { } attribute && InJsonNamespace(attribute));

    private static bool InJsonNamespace(INamedTypeSymbol type) =>
        type.ContainingNamespace.ToDisplayString() is "System.Text.Json.Serialization" or "System.Text.Json";

    private static string TypeName(ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat);

    // The binder's constructor and Bind. Like System.Text.Json, it reads the constructor's arguments (parameters and
    // init-only members) first, in the event's order, builds the object, then reads and sets the other members in the
    // event's order: the same value wins when a name repeats, and the same value fails first when several cannot bind.
    private static string Source(string type, List<Member> members)
    {
        var source = new StringBuilder();
        string names = string.Join(", ", members.Select(m => SymbolDisplay.FormatLiteral(m.Name, quote: true)));
        string types = string.Join(", ", members.Select(m => $"typeof({m.Type})"));
        string positions = string.Join(", ", members.Select(m => m.Position.ToString(CultureInfo.InvariantCulture)));
        source.Append($$"""
                    public {{ClassName}}() : base(new string[] { {{names}} }, new global::System.Type[] { {{types}} }, new int[] { {{positions}} })
                    {
                    }

                    public override {{type}} Bind({{GraphEvents}}GraphEvent graphEvent)
                    {
                        global::System.Collections.Generic.IReadOnlyList<{{GraphEvents}}PropertyChange> properties = graphEvent.Properties;

            """);
        var arguments = members.Select((m, i) => (Member: m, Index: i)).Where(x => x.Member.Position >= 0).ToList();
        foreach ((Member member, int index) in arguments)
        {
            source.Append($"            {member.Type} value{index} = {member.Default};\n");
        }

        if (arguments.Count > 0)
        {
            ReadLoop(source, arguments, (member, index) => $"value{index} = {member.Read};");
        }

        string parameters = string.Join(", ", arguments.Where(x => x.Member.Setter is null).OrderBy(x => x.Member.Position).Select(x => $"value{x.Index}"));
        string initializers = string.Join(", ", arguments.Where(x => x.Member.Setter == "init").Select(x => $"{Identifier(x.Member.Name)} = value{x.Index}"));
        source.Append($"            {type} result = new {type}({parameters}){(initializers.Length == 0 ? string.Empty : $" {{ {initializers} }}")};\n");
        var setters = members.Select((m, i) => (Member: m, Index: i)).Where(x => x.Member.Setter == "set").ToList();
        if (setters.Count > 0)
        {
            ReadLoop(source, setters, (member, _) => $"result.{Identifier(member.Name)} = {member.Read};");
        }

        source.Append("            return result;\n        }\n");
        return source.ToString();
    }

    // A loop over the event's properties that runs each member's statement where its name matches (in any case).
    private static void ReadLoop(StringBuilder source, List<(Member Member, int Index)> members, Func<Member, int, string> statement)
    {
        source.Append($$"""
                        for (int i = 0; i < properties.Count; i++)
                        {
                            {{GraphEvents}}PropertyChange change = properties[i];
                            if (change.NewValues.Count == 0)
                            {
                                continue;
                            }

                            switch (change.Name.Length)
                            {

            """);
        foreach (IGrouping<int, (Member Member, int Index)> length in members.GroupBy(m => m.Member.Name.Length).OrderBy(g => g.Key))
        {
            source.Append($"                    case {length.Key}:\n");
            string keyword = "if";
            foreach ((Member member, int index) in length)
            {
                source.Append($"                        {keyword} (global::System.String.Equals(change.Name, {SymbolDisplay.FormatLiteral(member.Name, quote: true)}, global::System.StringComparison.OrdinalIgnoreCase)) {{ {statement(member, index)} }}\n");
                keyword = "else if";
            }

            source.Append("                        break;\n");
        }

        source.Append("""
                            }
                        }


            """);
    }

    private static void Emit(SourceProductionContext output, ImmutableArray<Binder?> found, string? assemblyName)
    {
        if (assemblyName is null)
        {
            return;
        }

        Binder[] binders = found.Where(b => b is not null).Select(b => b!).GroupBy(b => b.Type).Select(g => g.First()).OrderBy(b => b.Type, StringComparer.Ordinal).ToArray();
        if (binders.Length == 0)
        {
            return;
        }

        var source = new StringBuilder();
        source.Append($$"""
            // <auto-generated/>
            // Neptune.Streams.Lambda: a binder per type a GraphEventHandler<T> binds, registered when the module loads.
            #nullable disable
            // The binder calls what System.Text.Json's own generated code calls, obsolete members included.
            // CS0436: a project's own polyfill of ModuleInitializerAttribute wins over the framework's, as it should.
            #pragma warning disable CS0612, CS0618, CS0436
            namespace Neptune.Streams.Lambda.Generated
            {
                internal static class GraphPropertyBinders_{{Sanitized(assemblyName)}}
                {
                    [global::System.Runtime.CompilerServices.ModuleInitializer]
                    internal static void Register()
                    {

            """);
        for (int i = 0; i < binders.Length; i++)
        {
            source.Append($"            {Handlers}GeneratedPropertyBinders.Register(new Binder{i}());\n");
        }

        source.Append("        }\n");
        for (int i = 0; i < binders.Length; i++)
        {
            source.Append($$"""

                        /// <summary>Binds <see cref="{{binders[i].Type}}"/>.</summary>
                        private sealed class Binder{{i}} : {{Handlers}}GeneratedPropertyBinder<{{binders[i].Type}}>
                        {

                """);
            foreach (string line in binders[i].Source.Replace(ClassName, $"Binder{i}").TrimEnd('\n').Split('\n'))
            {
                source.Append(line.Length == 0 ? string.Empty : "    ").Append(line).Append('\n');
            }

            source.Append("        }\n");
        }

        source.Append("    }\n}\n");
        output.AddSource("GraphPropertyBinders.g.cs", source.ToString());
    }

    private sealed record Member(string Name, string Type, string Read, int Position, string Default, string? Setter);

    private sealed record Binder(string Type, string Source);
}
