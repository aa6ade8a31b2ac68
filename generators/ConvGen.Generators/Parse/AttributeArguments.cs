using System;
using System.Collections.Generic;
using ConvGen.Shapes;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generators.Parse
{
    /// <summary>
    /// Reads a layer attribute's named arguments into plain values. Shared with the analyzers (linked), so both
    /// see the same arguments. Arguments with errors (error-typed, unresolved constants) are left out.
    /// </summary>
    internal static class AttributeArguments
    {
        /// <summary>Metadata names of the layer attributes with the kind and rank each declares.</summary>
        public static readonly (string MetadataName, LayerKind Kind, int Rank)[] All = Build();

        /// <summary>Maps an attribute class's metadata name to its kind and rank; false for other attributes.</summary>
        public static bool TryGetKind(string? metadataName, out LayerKind kind, out int rank)
        {
            foreach (var entry in All)
            {
                if (string.Equals(entry.MetadataName, metadataName, StringComparison.Ordinal))
                {
                    kind = entry.Kind;
                    rank = entry.Rank;
                    return true;
                }
            }

            kind = default;
            rank = 0;
            return false;
        }

        /// <summary>The named arguments as (name, value) pairs, in source order, skipping any that failed to bind.</summary>
        public static List<KeyValuePair<string, double>> Read(AttributeData attribute)
        {
            var result = new List<KeyValuePair<string, double>>();
            foreach (KeyValuePair<string, TypedConstant> pair in attribute.NamedArguments)
            {
                TypedConstant c = pair.Value;
                if (c.Kind == TypedConstantKind.Error || c.Kind == TypedConstantKind.Array || c.IsNull || c.Value is null)
                {
                    continue;
                }

                double? v = c.Value switch
                {
                    int i => i,
                    bool b => b ? 1 : 0,
                    double d => d,
                    float f => f,
                    long l => l,
                    short s => s,
                    byte by => by,
                    uint u => u,
                    _ => null,
                };
                if (v is double value)
                {
                    result.Add(new KeyValuePair<string, double>(pair.Key, value));
                }
            }

            return result;
        }

        /// <summary>The pairs as a <see cref="LayerArguments"/>.</summary>
        public static LayerArguments ToLayerArguments(IEnumerable<KeyValuePair<string, double>> pairs)
        {
            var args = new LayerArguments();
            foreach (var p in pairs)
            {
                args.Set(p.Key, p.Value);
            }

            return args;
        }

        private static (string, LayerKind, int)[] Build()
        {
            var list = new List<(string, LayerKind, int)>();
            foreach (LayerKind kind in new[] { LayerKind.Conv, LayerKind.ConvTranspose, LayerKind.MaxPool, LayerKind.AvgPool, LayerKind.AdaptiveAvgPool, LayerKind.GlobalAvgPool })
            {
                for (int rank = 1; rank <= 3; rank++)
                {
                    list.Add(("ConvGen." + AxisNames.AttributeName(kind, rank) + "Attribute", kind, rank));
                }
            }

            return list.ToArray();
        }
    }
}
